EPISODE_LENGTH = 50
STEP_SIZE = 0.1
GAE_LAMBDA = 0.95
# Words of the spec's task.domain and the Gymnasium environment each names; a domain that is
# itself an environment id ("CartPole-v1") names that one. MuJoCo ones need gymnasium[mujoco].
DOMAIN_ENVIRONMENTS = [
    ("cartpole", "CartPole-v1"),
    ("acrobot", "Acrobot-v1"),
    ("mountaincar", "MountainCar-v0"),
    ("pendulum", "Pendulum-v1"),
    ("lunarlander", "LunarLander-v3"),
    ("halfcheetah", "HalfCheetah-v5"),
    ("cheetah", "HalfCheetah-v5"),
    ("continuous_control", "HalfCheetah-v5"),
    ("hopper", "Hopper-v5"),
    ("walker", "Walker2d-v5"),
    ("humanoid", "Humanoid-v5"),
    ("ant", "Ant-v5"),
]


def environment_id(data_path) -> str | None:
    """The Gymnasium environment: --env (or --data), else the one the spec's domain names."""
    if data_path:
        return data_path
    name, _, version = SPEC_DOMAIN.rpartition("-v")
    if name and version.isdigit() and " " not in SPEC_DOMAIN:
        return SPEC_DOMAIN
    folded = "".join(c if c.isalnum() else "_" for c in SPEC_DOMAIN.lower())
    words = folded.split("_")
    for word, environment in DOMAIN_ENVIRONMENTS:
        if word in words or ("_" in word and word in folded) or (len(word) > 3 and word in folded.replace("_", "")):
            return environment
    return None


def gymnasium_failure(config, environment) -> str | None:
    """Why the Gymnasium environment cannot be used, or None when it can."""
    if hasattr(config, "obs_shape"):
        return "image-observation agents train on the built-in environment only"
    if environment is None:
        return f"the spec's domain {SPEC_DOMAIN!r} names no Gymnasium environment; pass --env ID"
    try:
        import gymnasium
    except ImportError:
        return "gymnasium is not installed (pip install gymnasium; MuJoCo tasks also need gymnasium[mujoco])"
    try:
        gymnasium.make(environment).close()
    except (gymnasium.error.Error, ImportError) as error:  # an unknown id or a missing extra (MuJoCo, Box2D)
        return f"cannot make the Gymnasium environment {environment!r}: {error}"
    return None


def make_environments(config, count: int, seed: int, data_path, strict: bool, announce: bool):
    """`count` copies of the Gymnasium environment (see environment_id), or the built-in reach
    task: only for --tiny runs and evaluation when Gymnasium or the environment is missing
    (strict is False), and said so."""
    environment = environment_id(data_path)
    failure = gymnasium_failure(config, environment)
    if failure is None:
        if announce:
            print(f"environment: Gymnasium {environment}, {count} copies", flush=True)
        return GymEnvs(config, environment, count, seed)
    if strict:
        raise SystemExit(f"error: {failure}")
    if announce:
        print(f"environment: the built-in reach task ({failure})", flush=True)
    return ReachEnv(config, count, torch.Generator().manual_seed(seed))


class GymEnvs:
    """`count` copies of a Gymnasium environment stepped in turn; a copy whose episode ends
    (terminated or truncated) restarts at once. Observations are flattened and zero-padded to
    the model's obs_dim; the action space must match the model's."""

    # The common PPO settings for Gymnasium's classic-control tasks (as in CleanRL): a 0.99
    # discount, 128 steps per copy and rollout, split into 4 minibatches reused for 4 epochs.
    gamma = 0.99
    rollout_steps = 128
    minibatches = 4
    update_epochs = 4

    def __init__(self, config, environment: str, count: int, seed: int):
        import gymnasium

        self.envs = [gymnasium.make(environment) for _ in range(count)]
        self.seed = seed
        observation_space, action_space = self.envs[0].observation_space, self.envs[0].action_space
        self.obs_size = math.prod(observation_space.shape)
        if self.obs_size > config.obs_dim:
            raise SystemExit(f"error: {environment} observations have {self.obs_size} values; the model takes {config.obs_dim}")
        self.obs_dim = config.obs_dim
        self.continuous = isinstance(action_space, gymnasium.spaces.Box)
        size = action_space.shape[0] if self.continuous else int(action_space.n)
        if self.continuous != bool(config.continuous) or size != config.actions:
            kind = "continuous" if self.continuous else "discrete"
            raise SystemExit(
                f"error: {environment} has {size} {kind} actions; the model has {config.actions} "
                f"{'continuous' if config.continuous else 'discrete'} ones (task.action_dim or task.num_actions in the spec)"
            )
        if self.continuous:
            self.low = torch.as_tensor(action_space.low, dtype=torch.float32)
            self.high = torch.as_tensor(action_space.high, dtype=torch.float32)
        self.running = [0.0] * count
        self.finished = []

    def _pad(self, observations: list) -> torch.Tensor:
        flat = torch.stack([torch.as_tensor(o, dtype=torch.float32).flatten() for o in observations])
        return F.pad(flat, (0, self.obs_dim - self.obs_size))

    def reset(self) -> torch.Tensor:
        return self._pad([env.reset(seed=self.seed + i)[0] for i, env in enumerate(self.envs)])

    def step(self, action: torch.Tensor):
        """Apply one action per copy; returns (next observation, reward, done)."""
        observations, rewards, dones = [], [], []
        for i, env in enumerate(self.envs):
            if self.continuous:
                chosen = torch.maximum(torch.minimum(action[i].float(), self.high), self.low).numpy()
            else:
                chosen = int(action[i])
            observation, reward, terminated, truncated, _ = env.step(chosen)
            self.running[i] += float(reward)
            done = bool(terminated or truncated)
            if done:
                self.finished.append(self.running[i])
                self.running[i] = 0.0
                observation, _ = env.reset()
            observations.append(observation)
            rewards.append(float(reward))
            dones.append(done)
        return self._pad(observations), torch.tensor(rewards), torch.tensor(dones)

    def close(self) -> None:
        for env in self.envs:
            env.close()


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

    # Reaching is myopic (moving straight at the target is optimal), so a short discount
    # horizon keeps value targets small without changing the best policy.
    gamma = 0.9
    # Stable-Baselines3-style updates: each rollout of 16 steps per copy is split into 8
    # minibatches and reused for 10 epochs.
    rollout_steps = 16
    minibatches = 8
    update_epochs = 10

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
def collect_rollout(model, env, obs: torch.Tensor, generator: torch.Generator, device):
    """env.rollout_steps steps of every environment copy with the current policy, flattened to
    transitions with GAE(lambda) advantages and returns (Schulman et al., 2016)."""
    steps = {"obs": [], "actions": [], "log_probs": [], "values": [], "rewards": [], "dones": []}
    for _ in range(env.rollout_steps):
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
    for t in reversed(range(env.rollout_steps)):
        alive = 1.0 - dones[t]
        delta = rewards[t] + env.gamma * next_value * alive - values[t]
        running = delta + env.gamma * GAE_LAMBDA * alive * running
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


def environment_class(config, data_path):
    """GymEnvs when the Gymnasium environment can be made, else the built-in ReachEnv."""
    return GymEnvs if gymnasium_failure(config, environment_id(data_path)) is None else ReachEnv


def rollout_envs(batch_size: int, environment) -> int:
    """Environment copies so that one rollout holds the environment's minibatches."""
    return max(1, math.ceil(batch_size * environment.minibatches / environment.rollout_steps))


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    """One epoch is one rollout: update_epochs passes over its minibatches."""
    environment = environment_class(config, data_path)
    return environment.update_epochs * environment.minibatches


def environment_steps_per_epoch(config, batch_size: int, data_path) -> int:
    """Environment steps one process's stream takes per rollout (per epoch) at this
    micro-batch size."""
    environment = environment_class(config, data_path)
    return rollout_envs(batch_size, environment) * environment.rollout_steps


# train.py finds this beside steps_per_epoch: this task's budget counts environment steps.
steps_per_epoch.environment_steps = environment_steps_per_epoch


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless PPO minibatches of {"obs", "actions", "log_probs", "advantages", "returns"}.

    Each rollout is collected with the current policy (the model being trained) from the
    Gymnasium environment (--env, or the spec's domain), or the built-in reach task for --tiny
    runs without Gymnasium, and then shuffled into minibatches for the environment's
    update_epochs epochs. Each process runs its own environment copies.
    """
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    strict = bool(data_path) or not getattr(config, "tiny_run", False)
    copies = rollout_envs(batch_size, environment_class(config, data_path))
    env = make_environments(config, copies, seed * 1000 + rank, data_path, strict, rank == 0)
    obs = env.reset()
    while True:
        rollout, obs = collect_rollout(model, env, obs, generator, device)
        total = rollout["obs"].shape[0]
        for _ in range(env.update_epochs):
            order = torch.randperm(total, generator=generator)
            for start in range(0, total - batch_size + 1, batch_size):
                index = order[start : start + batch_size]
                yield {key: value[index].to(device) for key, value in rollout.items()}


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Evaluation episodes: `count` groups of `batch_size` episodes, each group with its own
    seed, in the environment training used."""
    return [{"seed": seed * 1000 + 7919 + i, "episodes": batch_size, "env": data_path} for i in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: observations (batch, obs_dim) or frames (batch, C, H, W)."""
    return {"obs": ReachEnv(config, batch_size, torch.Generator().manual_seed(0)).reset()}


def expected_output_shape(config, batch_size: int = 2) -> dict:
    if config.continuous:
        actions = (batch_size, config.actions)
        return {"mean": actions, "log_std": actions, "value": (batch_size,)}
    return {"logits": (batch_size, config.actions), "value": (batch_size,)}
