EPISODE_LENGTH = 50
STEP_SIZE = 0.1
# Reaching is myopic (moving straight at the target is optimal), so a short discount horizon
# keeps value targets small without changing the best policy.
GAMMA = 0.9
GAE_LAMBDA = 0.95
ROLLOUT_STEPS = 16
# Stable-Baselines3-style updates: each rollout is split into MINIBATCHES minibatches and
# reused for UPDATE_EPOCHS epochs.
MINIBATCHES = 8
UPDATE_EPOCHS = 10


class ReachEnv:
    """A point mass that must reach a target, batched over `count` copies (torch, CPU).

    The position and target live in [-1, 1]^dims, where dims (at most 2 for images, at most
    obs_dim // 2 for vectors) is the number of continuous actions or half the number of
    discrete ones. Continuous actions move the mass by STEP_SIZE * clip(action, -1, 1) along
    the first `dims` components; discrete action 2k (2k + 1) moves it by +STEP_SIZE
    (-STEP_SIZE) along axis k, any other action stays. The reward is minus the
    root-mean-square per-axis distance to the target after the move, so every step says how
    good the state is. Vector observations are (target - position, position), tiled to
    obs_dim; image observations draw the mass (1.0) and the target (0.5) as small squares and
    stack the last `channels` frames. Episodes last EPISODE_LENGTH steps; finished copies
    restart at once.
    """

    def __init__(self, config, count: int, generator: torch.Generator):
        self.image_shape = tuple(config.obs_shape) if hasattr(config, "obs_shape") else None
        self.obs_dim = getattr(config, "obs_dim", 0)
        limit = 2 if self.image_shape else max(1, self.obs_dim // 2)
        self.continuous = config.continuous
        if self.continuous:
            self.dims = min(config.actions, limit)
        else:
            self.dims = max(1, min(config.actions // 2, limit))
        self.count = count
        self.generator = generator
        self.position = torch.zeros(count, self.dims)
        self.target = torch.zeros(count, self.dims)
        self.time = torch.zeros(count, dtype=torch.long)
        self.frames = None

    def reset(self) -> torch.Tensor:
        self._restart(torch.ones(self.count, dtype=torch.bool))
        return self._observe(torch.ones(self.count, dtype=torch.bool))

    def _restart(self, mask: torch.Tensor) -> None:
        shape = (self.count, self.dims)
        self.position = torch.where(mask[:, None], torch.rand(shape, generator=self.generator) * 2 - 1, self.position)
        self.target = torch.where(mask[:, None], torch.rand(shape, generator=self.generator) * 2 - 1, self.target)
        self.time = torch.where(mask, torch.zeros_like(self.time), self.time)

    def step(self, action: torch.Tensor):
        """Apply one action per copy; returns (next observation, reward, done)."""
        if self.continuous:
            move = action[:, : self.dims].clamp(-1.0, 1.0) * STEP_SIZE
        else:
            axis = (action // 2).clamp(max=self.dims - 1)
            sign = 1.0 - 2.0 * (action % 2).float()
            valid = (action < 2 * self.dims).float()
            move = F.one_hot(axis, self.dims).float() * (sign * valid * STEP_SIZE)[:, None]
        self.position = (self.position + move).clamp(-1.0, 1.0)
        reward = -(self.target - self.position).norm(dim=-1) / math.sqrt(self.dims)
        self.time = self.time + 1
        done = self.time >= EPISODE_LENGTH
        self._restart(done)
        return self._observe(done), reward, done

    def _observe(self, restarted: torch.Tensor) -> torch.Tensor:
        if self.image_shape is None:
            core = torch.cat([self.target - self.position, self.position], dim=-1)
            repeats = math.ceil(self.obs_dim / core.shape[-1])
            return core.repeat(1, repeats)[:, : self.obs_dim]
        channels = self.image_shape[0]
        frame = torch.maximum(self._draw(self.position, 1.0), self._draw(self.target, 0.5))
        if self.frames is None:
            self.frames = frame[:, None].repeat(1, channels, 1, 1)
        stacked = torch.cat([self.frames[:, 1:], frame[:, None]], dim=1)
        self.frames = torch.where(restarted[:, None, None, None], frame[:, None].expand_as(stacked), stacked)
        return self.frames.clone()

    def _draw(self, point: torch.Tensor, value: float) -> torch.Tensor:
        """(count, height, width) frames with a square of `value` centred on each point."""
        _, height, width = self.image_shape
        radius = max(1, height // 16)
        x = (point[:, 0] + 1) / 2 * (width - 1)
        y = (point[:, 1] + 1) / 2 * (height - 1) if self.dims > 1 else torch.full_like(x, (height - 1) / 2)
        rows = (torch.arange(height)[None, :] - y[:, None]).abs() <= radius
        cols = (torch.arange(width)[None, :] - x[:, None]).abs() <= radius
        return (rows[:, :, None] & cols[:, None, :]).float() * value


def sample_actions(outputs: dict, generator: torch.Generator):
    """Draw actions from the policy the model's outputs describe; returns (actions, log-probs)."""
    if "mean" in outputs:
        mean, std = outputs["mean"].float().cpu(), outputs["log_std"].float().cpu().exp()
        actions = mean + std * torch.randn(mean.shape, generator=generator)
        return actions, torch.distributions.Normal(mean, std).log_prob(actions).sum(-1)
    logits = outputs["logits"].float().cpu()
    actions = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator).squeeze(-1)
    return actions, torch.log_softmax(logits, dim=-1).gather(-1, actions[:, None]).squeeze(-1)


def greedy_actions(outputs: dict) -> torch.Tensor:
    """The deterministic policy: the Gaussian mean, or the most likely discrete action."""
    if "mean" in outputs:
        return outputs["mean"].float().cpu()
    return outputs["logits"].float().argmax(dim=-1).cpu()


@torch.no_grad()
def collect_rollout(model, env: ReachEnv, obs: torch.Tensor, generator: torch.Generator, device):
    """ROLLOUT_STEPS steps of every environment copy with the current policy, flattened to
    transitions with GAE(lambda) advantages and returns (Schulman et al., 2016)."""
    steps = {"obs": [], "actions": [], "log_probs": [], "values": [], "rewards": [], "dones": []}
    for _ in range(ROLLOUT_STEPS):
        outputs = model(obs.to(device))
        actions, log_probs = sample_actions(outputs, generator)
        next_obs, reward, done = env.step(actions)
        for key, value in (
            ("obs", obs),
            ("actions", actions),
            ("log_probs", log_probs),
            ("values", outputs["value"].float().cpu()),
            ("rewards", reward),
            ("dones", done.float()),
        ):
            steps[key].append(value)
        obs = next_obs
    next_value = model(obs.to(device))["value"].float().cpu()
    values, rewards, dones = (torch.stack(steps[k]) for k in ("values", "rewards", "dones"))
    advantages = torch.zeros_like(rewards)
    running = torch.zeros_like(next_value)
    for t in reversed(range(ROLLOUT_STEPS)):
        alive = 1.0 - dones[t]
        delta = rewards[t] + GAMMA * next_value * alive - values[t]
        running = delta + GAMMA * GAE_LAMBDA * alive * running
        advantages[t] = running
        next_value = values[t]
    rollout = {
        "obs": torch.stack(steps["obs"]).flatten(0, 1),
        "actions": torch.stack(steps["actions"]).flatten(0, 1),
        "log_probs": torch.stack(steps["log_probs"]).flatten(0, 1),
        "advantages": advantages.flatten(),
        "returns": (advantages + values).flatten(),
    }
    return rollout, obs


def rollout_envs(batch_size: int) -> int:
    """Environment copies so that one rollout holds MINIBATCHES minibatches."""
    return max(1, math.ceil(batch_size * MINIBATCHES / ROLLOUT_STEPS))


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    """One epoch is one rollout: UPDATE_EPOCHS passes over its MINIBATCHES minibatches."""
    return UPDATE_EPOCHS * MINIBATCHES


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless PPO minibatches of {"obs", "actions", "log_probs", "advantages", "returns"}.

    Each rollout is collected with the current policy (the model being trained) and then
    shuffled into minibatches for UPDATE_EPOCHS epochs. The environment is built in, so
    data_path is not used; each process runs its own environment copies.
    """
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    env = ReachEnv(config, rollout_envs(batch_size), generator)
    obs = env.reset()
    while True:
        rollout, obs = collect_rollout(model, env, obs, generator, device)
        total = rollout["obs"].shape[0]
        for _ in range(UPDATE_EPOCHS):
            order = torch.randperm(total, generator=generator)
            for start in range(0, total - batch_size + 1, batch_size):
                index = order[start : start + batch_size]
                yield {key: value[index].to(device) for key, value in rollout.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Evaluation episodes: `count` groups of `batch_size` environment copies, each group with
    its own seed."""
    return [{"seed": seed * 1000 + 7919 + i, "episodes": batch_size} for i in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: observations (batch, obs_dim) or frames (batch, C, H, W)."""
    return {"obs": ReachEnv(config, batch_size, torch.Generator().manual_seed(0)).reset()}


def expected_output_shape(config, batch_size: int = 2) -> dict:
    if config.continuous:
        actions = (batch_size, config.actions)
        return {"mean": actions, "log_std": actions, "value": (batch_size,)}
    return {"logits": (batch_size, config.actions), "value": (batch_size,)}
