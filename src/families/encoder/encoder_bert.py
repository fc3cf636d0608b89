HEAD_SIZE_KEYS = {"Classifier": "num_classes", "Regressor": "outputs", "Embedding": "dim"}


def head_spec(config: ModelConfig) -> tuple[str, int]:
    """The task head as (kind, outputs): the blueprint stores "CrossEncoder" as a bare name and
    the other heads as {kind: {size_key: size}}."""
    if isinstance(config.head, str):
        return config.head, 1
    ((kind, sizes),) = config.head.items()
    return kind, sizes[HEAD_SIZE_KEYS[kind]]


def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (post-LN GELU blocks, learned positions, same head kind), laptop-sized."""
    kind, outputs = head_spec(config)
    head = config.head
    if kind in HEAD_SIZE_KEYS:
        head = {kind: {HEAD_SIZE_KEYS[kind]: min(outputs, 32)}}
    return {
        "hidden_size": 64,
        "num_layers": 2,
        "num_heads": 4,
        "intermediate_size": 128,
        "vocab_size": 512,
        "max_position_embeddings": 64,
        "head": head,
    }


class Embeddings(nn.Module):
    """Word + learned position + token-type embeddings, then LayerNorm (BERT)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        return self.LayerNorm(x + self.token_type_embeddings(token_type_ids))


class SelfAttention(nn.Module):
    """Bidirectional multi-head attention with biases; padded keys are masked out."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.num_heads = config.num_heads
        d = config.hidden_size
        self.q_proj = nn.Linear(d, d)
        self.k_proj = nn.Linear(d, d)
        self.v_proj = nn.Linear(d, d)
        self.o_proj = nn.Linear(d, d)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        shape = (batch, length, self.num_heads, width // self.num_heads)
        q = self.q_proj(x).view(shape).transpose(1, 2)
        k = self.k_proj(x).view(shape).transpose(1, 2)
        v = self.v_proj(x).view(shape).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=key_mask)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, width))


class GeluMlp(nn.Module):
    """fc2(gelu(fc1(x)))."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.fc1 = nn.Linear(config.hidden_size, config.intermediate_size)
        self.fc2 = nn.Linear(config.intermediate_size, config.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class EncoderLayer(nn.Module):
    """Post-LN block (BERT): x = norm1(x + attn(x)), then x = norm2(x + mlp(x))."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.self_attn = SelfAttention(config)
        self.norm1 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.mlp = GeluMlp(config)
        self.norm2 = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)

    def forward(self, x: torch.Tensor, key_mask: torch.Tensor) -> torch.Tensor:
        x = self.norm1(x + self.self_attn(x, key_mask))
        return self.norm2(x + self.mlp(x))


class Pooler(nn.Module):
    """tanh(dense(h_CLS)): the sequence summary the classification heads read."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.dense(hidden[:, 0]))


class MetaGenModel(nn.Module):
    """BERT encoder with the blueprint's task head.

    forward(input_ids, token_type_ids=None, attention_mask=None) takes token ids of shape
    (batch, length), length at most max_position_embeddings, segment ids of the same shape
    (0 for the first segment, 1 for the second; default all 0) and a padding mask of the same
    shape (1 for real tokens, 0 for padding; default no padding). It returns, by head:
    Classifier: logits (batch, num_classes); Regressor: predictions (batch, outputs);
    Embedding: L2-normalised sentence embeddings (batch, dim) from the masked mean of the
    token states; CrossEncoder: one relevance score per (query, passage) pair, (batch,).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.head_kind, outputs = head_spec(config)
        self.embeddings = Embeddings(config)
        self.encoder = nn.ModuleList(EncoderLayer(config) for _ in range(config.num_layers))
        if config.pooler:
            self.pooler = Pooler(config)
        head = nn.Linear(config.hidden_size, outputs)
        if self.head_kind == "Regressor":
            self.regressor = head
        elif self.head_kind == "Embedding":
            self.projection = head
        else:
            self.classifier = head
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        """Normal(0, 0.02) embeddings as in BERT; normal(0, 1/sqrt(fan_in)) projections: about
        BERT's 0.02 at full width, and large enough at small widths for attention and the head
        to carry signal from the first step."""
        if isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        elif isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=module.in_features**-0.5)
            nn.init.zeros_(module.bias)

    def forward(
        self,
        input_ids: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
    ) -> torch.Tensor:
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        key_mask = attention_mask.bool()[:, None, None, :]
        x = self.embeddings(input_ids, token_type_ids)
        for layer in self.encoder:
            x = layer(x, key_mask)
        if self.head_kind == "Embedding":
            weights = attention_mask.unsqueeze(-1).to(x.dtype)
            pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return F.normalize(self.projection(pooled).float(), dim=-1)
        summary = self.pooler(x)
        if self.head_kind == "Regressor":
            return self.regressor(summary)
        logits = self.classifier(summary)
        return logits.squeeze(-1) if self.head_kind == "CrossEncoder" else logits
