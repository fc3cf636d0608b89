EPISODE_LENGTH = 50
STEP_SIZE = 0.1
PLAN_HORIZON = 5
PLAN_CANDIDATES = 64
PLAN_DISCOUNT = 0.9
ENV_GROUPS = 16


class ReachEnv:
    """A point mass that must reach a target, batched over `count` copies (torch, CPU).

    The position and target live in [-1, 1]^dims, where dims (at most 2 for images, at most
    obs_dim // 2 for vectors) is half the number of discrete actions or the number of
    continuous ones. Discrete action 2k (2k + 1) moves the mass by +STEP_SIZE (-STEP_SIZE)
    along axis k, any other action stays; continuous actions move it by
    STEP_SIZE * clip(action, -1, 1) along the first `dims` components. The reward is
    minus the root-mean-square per-axis distance to the target after the move. Vector
    observations are (target - position, position), tiled to obs_dim; image observations draw
    the mass (1.0) and the target (0.5) as small squares and stack the last `channels` frames.
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
        return self.restart(torch.ones(self.count, dtype=torch.bool))

    def restart(self, mask: torch.Tensor) -> torch.Tensor:
        """Start new episodes in the copies where `mask` is set; returns every copy's
        observation."""
        shape = (self.count, self.dims)
        self.position = torch.where(mask[:, None], torch.rand(shape, generator=self.generator) * 2 - 1, self.position)
        self.target = torch.where(mask[:, None], torch.rand(shape, generator=self.generator) * 2 - 1, self.target)
        self.time = torch.where(mask, torch.zeros_like(self.time), self.time)
        return self._observe(mask, advance=False)

    def step(self, action: torch.Tensor):
        """Apply one action per copy; returns (next observation, reward, episode finished)."""
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
        obs = self._observe(torch.zeros(self.count, dtype=torch.bool), advance=True)
        return obs, reward, self.time >= EPISODE_LENGTH

    def _observe(self, restarted: torch.Tensor, advance: bool) -> torch.Tensor:
        """Every copy's observation. Image copies that `restarted` fill their frame stack with
        the current frame; with `advance`, the others push it onto theirs."""
        if self.image_shape is None:
            core = torch.cat([self.target - self.position, self.position], dim=-1)
            repeats = math.ceil(self.obs_dim / core.shape[-1])
            return core.repeat(1, repeats)[:, : self.obs_dim]
        channels = self.image_shape[0]
        frame = torch.maximum(self._draw(self.position, 1.0), self._draw(self.target, 0.5))
        if self.frames is None:
            self.frames = frame[:, None].repeat(1, channels, 1, 1)
        stacked = torch.cat([self.frames[:, 1:], frame[:, None]], dim=1) if advance else self.frames
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


def random_actions(config, count: int, generator: torch.Generator) -> torch.Tensor:
    """Uniformly random actions: ids (count,) or vectors in [-1, 1] (count, actions)."""
    if config.continuous:
        return torch.rand(count, config.actions, generator=generator) * 2 - 1
    return torch.randint(0, config.actions, (count,), generator=generator)


@torch.no_grad()
def plan_actions(model, config, obs: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random-shooting model-predictive control (Nagabandi et al., 2018): imagine
    PLAN_CANDIDATES random action sequences of PLAN_HORIZON steps from each observation with
    the learned dynamics and reward, and return the first action of the sequence with the
    highest discounted predicted return."""
    device = next(model.parameters()).device
    count = obs.shape[0]
    latent = model.encode(obs.to(device)).repeat_interleave(PLAN_CANDIDATES, dim=0)
    sequences = [random_actions(config, count * PLAN_CANDIDATES, generator) for _ in range(PLAN_HORIZON)]
    score = torch.zeros(count * PLAN_CANDIDATES)
    for t, actions in enumerate(sequences):
        latent, reward = model.step(latent, actions.to(device))
        score += PLAN_DISCOUNT**t * reward.float().cpu()
    best = score.view(count, PLAN_CANDIDATES).argmax(dim=-1) + torch.arange(count) * PLAN_CANDIDATES
    return sequences[0][best]


def transition_stream(config, batch_size: int, generator: torch.Generator, device):
    """Endless batches of random-policy transitions {"obs", "actions", "next_obs", "rewards"}.

    Each batch is one step of a group of `batch_size` environment copies; ENV_GROUPS groups
    take turns, so that consecutive batches come from different episodes."""
    envs = [ReachEnv(config, batch_size, generator) for _ in range(ENV_GROUPS)]
    observations = [env.reset() for env in envs]
    turn = 0
    while True:
        group = turn % ENV_GROUPS
        env, obs = envs[group], observations[group]
        actions = random_actions(config, batch_size, generator)
        next_obs, rewards, finished = env.step(actions)
        yield {
            "obs": obs.to(device),
            "actions": actions.to(device),
            "next_obs": next_obs.to(device),
            "rewards": rewards.to(device),
        }
        observations[group] = env.restart(finished)
        turn += 1


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    """One epoch is one episode of every environment copy."""
    return EPISODE_LENGTH * ENV_GROUPS


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless transition batches from the built-in environment under a uniformly random
    policy, the data a random-shooting planner's world model is fitted on. data_path is not
    used; each process runs its own environment copies."""
    return transition_stream(config, batch_size, torch.Generator().manual_seed(seed * 1000 + rank), device)


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Held-out transition batches; the first batch's "seed" also seeds the planning episodes."""
    stream = transition_stream(config, batch_size, torch.Generator().manual_seed(seed * 1000 + 7919), device)
    return [dict(next(stream), seed=seed + i) for i in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: observations (batch, obs_dim) or frames (batch, C, H, W),
    and actions."""
    generator = torch.Generator().manual_seed(0)
    obs = ReachEnv(config, batch_size, generator).reset()
    return {"obs": obs, "action": random_actions(config, batch_size, generator)}


def expected_output_shape(config, batch_size: int = 2) -> dict:
    latent = config.hidden[1] if hasattr(config, "obs_shape") else max(max(config.hidden) // 4, 32)
    return {"next_latent": (batch_size, latent), "reward": (batch_size,)}
