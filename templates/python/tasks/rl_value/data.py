GRID = 10
PADDLE_HALF_WIDTH = 1
GAMMA = 0.99
NUM_ENVS = 4
REPLAY_CAPACITY = 50_000
LEARNING_STARTS = 256
TARGET_UPDATE_PERIOD = 250
EPSILON_START, EPSILON_END, EPSILON_DECAY_STEPS = 1.0, 0.05, 5_000


class CatchEnv:
    """Catch (Mnih et al., 2014; bsuite), batched over `count` copies (torch, CPU).

    A ball falls one row per step down a GRID x GRID board from a random column of the top
    row; a paddle 2 * PADDLE_HALF_WIDTH + 1 cells wide moves along the bottom row. Action a
    moves the paddle left, right or not at all for a % 3 = 0, 1, 2 (so larger action sets, like
    Atari's 18, alias these three). Each step pays 1 - |ball column - paddle column| / (GRID - 1)
    for keeping the paddle under the ball, and the landing step adds +1 for a catch; the
    episode then restarts.

    The state of a copy is (ball row, ball column, paddle column). The last `history` states
    are kept so that image observations can stack that many frames.
    """

    def __init__(self, count: int, history: int, generator: torch.Generator):
        self.count = count
        self.generator = generator
        self.states = torch.zeros(count, history, 3, dtype=torch.long)
        self._restart(torch.ones(count, dtype=torch.bool))

    def _restart(self, mask: torch.Tensor) -> None:
        fresh = torch.stack(
            [
                torch.zeros(self.count, dtype=torch.long),
                torch.randint(0, GRID, (self.count,), generator=self.generator),
                torch.randint(0, GRID, (self.count,), generator=self.generator),
            ],
            dim=-1,
        )
        self.states = torch.where(mask[:, None, None], fresh[:, None, :].expand_as(self.states), self.states)

    def step(self, action: torch.Tensor):
        """Apply one action per copy; returns (reward, done, state history after the step,
        before any restart)."""
        row, column, paddle = self.states[:, -1].unbind(-1)
        move = torch.tensor([-1, 1, 0])[action % 3]
        paddle = (paddle + move).clamp(0, GRID - 1)
        row = row + 1
        done = row == GRID - 1
        reward = 1.0 - (column - paddle).abs().float() / (GRID - 1)
        caught = (column - paddle).abs() <= PADDLE_HALF_WIDTH
        reward = reward + (done & caught).float()
        current = torch.stack([row, column, paddle], dim=-1)
        self.states = torch.cat([self.states[:, 1:], current[:, None]], dim=1)
        next_states = self.states.clone()
        self._restart(done)
        return reward, done, next_states


def observe(config, states: torch.Tensor) -> torch.Tensor:
    """Observations for (batch, history, 3) state histories: for image models, the stacked
    frames (batch, channels, height, width) with the ball and paddle drawn as 1.0 on a
    GRID x GRID board scaled to the frame; for vector models, the latest (ball row, ball
    column, paddle column) scaled to [0, 1] and tiled to obs_dim."""
    if not hasattr(config, "obs_shape"):
        latest = states[:, -1].float() / (GRID - 1)
        repeats = math.ceil(config.obs_dim / latest.shape[-1])
        return latest.repeat(1, repeats)[:, : config.obs_dim]
    _, height, width = config.obs_shape
    frames = states[:, -config.obs_shape[0] :]
    row_cell = (torch.arange(height) * GRID // height)[None, None, :, None]
    col_cell = (torch.arange(width) * GRID // width)[None, None, None, :]
    row, column, paddle = (frames[..., i, None, None] for i in range(3))
    ball = (row_cell == row) & (col_cell == column)
    bat = (row_cell == GRID - 1) & ((col_cell - paddle).abs() <= PADDLE_HALF_WIDTH)
    return (ball | bat).float()


class ReplayBuffer:
    """A ring buffer of transitions stored as small integer state histories; observations are
    rendered only for the sampled minibatch."""

    def __init__(self, capacity: int, history: int):
        self.states = torch.zeros(capacity, history, 3, dtype=torch.long)
        self.next_states = torch.zeros(capacity, history, 3, dtype=torch.long)
        self.actions = torch.zeros(capacity, dtype=torch.long)
        self.rewards = torch.zeros(capacity)
        self.dones = torch.zeros(capacity)
        self.capacity, self.size, self.cursor = capacity, 0, 0

    def add(self, states, actions, rewards, dones, next_states) -> None:
        slots = (self.cursor + torch.arange(states.shape[0])) % self.capacity
        self.states[slots], self.next_states[slots] = states, next_states
        self.actions[slots], self.rewards[slots], self.dones[slots] = actions, rewards, dones
        self.cursor = int(slots[-1] + 1) % self.capacity
        self.size = min(self.size + states.shape[0], self.capacity)

    def sample(self, count: int, generator: torch.Generator):
        index = torch.randint(0, self.size, (count,), generator=generator)
        return self.states[index], self.actions[index], self.rewards[index], self.dones[index], self.next_states[index]


def history_length(config) -> int:
    return config.obs_shape[0] if hasattr(config, "obs_shape") else 1


def epsilon_at(step: int) -> float:
    """Linearly decaying exploration rate of the epsilon-greedy behaviour policy."""
    fraction = min(1.0, step / EPSILON_DECAY_STEPS)
    return EPSILON_START + fraction * (EPSILON_END - EPSILON_START)


def act(model, config, states: torch.Tensor, epsilon: float, generator: torch.Generator, device) -> torch.Tensor:
    """Epsilon-greedy actions from the model's Q-values."""
    with torch.no_grad():
        greedy = model(observe(config, states).to(device)).float().argmax(dim=-1).cpu()
    random_actions = torch.randint(0, config.actions, greedy.shape, generator=generator)
    explore = torch.rand(greedy.shape, generator=generator) < epsilon
    return torch.where(explore, random_actions, greedy)


def steps_per_epoch(config, global_batch: int, data_path: str | None) -> int:
    """One epoch is one target-network period."""
    return TARGET_UPDATE_PERIOD


def training_batches(config, model, batch_size: int, data_path, seed: int, rank: int, world_size: int, device):
    """Endless DQN minibatches of {"obs", "actions", "targets"} from a replay buffer.

    Before each minibatch every environment copy takes one epsilon-greedy step with the
    current model. TD targets r + GAMMA * max_a Q_target(s', a) come from a frozen copy of the
    model's weights, refreshed every TARGET_UPDATE_PERIOD minibatches; it lives here, not among
    the model's parameters. The environment is built in, so data_path is not used.
    """
    generator = torch.Generator().manual_seed(seed * 1000 + rank)
    history = history_length(config)
    env = CatchEnv(NUM_ENVS, history, generator)
    replay = ReplayBuffer(REPLAY_CAPACITY, history)
    while replay.size < max(LEARNING_STARTS, batch_size):
        states = env.states.clone()
        actions = torch.randint(0, config.actions, (NUM_ENVS,), generator=generator)
        rewards, dones, next_states = env.step(actions)
        replay.add(states, actions, rewards, dones.float(), next_states)
    step = 0
    while True:
        if step % TARGET_UPDATE_PERIOD == 0:
            target_weights = {name: value.detach().clone() for name, value in model.state_dict().items()}
        states = env.states.clone()
        actions = act(model, config, states, epsilon_at(step), generator, device)
        rewards, dones, next_states = env.step(actions)
        replay.add(states, actions, rewards, dones.float(), next_states)
        states, actions, rewards, dones, next_states = replay.sample(batch_size, generator)
        with torch.no_grad():
            next_obs = observe(config, next_states).to(device)
            next_q = torch.func.functional_call(model, target_weights, (next_obs,)).float().amax(dim=-1)
        targets = rewards.to(device) + GAMMA * (1.0 - dones.to(device)) * next_q
        yield {"obs": observe(config, states).to(device), "actions": actions.to(device), "targets": targets}
        step += 1


def evaluation_batches(config, batch_size: int, data_path, seed: int, count: int, device) -> list:
    """Evaluation episodes: `count` groups of `batch_size` environment copies, each group with
    its own seed."""
    return [{"seed": seed * 1000 + 7919 + i, "episodes": batch_size} for i in range(count)]


def example_batch(config, batch_size: int = 2) -> dict:
    """Inputs for one forward pass: stacked frames (batch, C, H, W) or vectors (batch, obs_dim)."""
    env = CatchEnv(batch_size, history_length(config), torch.Generator().manual_seed(0))
    return {"obs": observe(config, env.states)}


def expected_output_shape(config, batch_size: int = 2) -> tuple:
    return (batch_size, config.actions)
