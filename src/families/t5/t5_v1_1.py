def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (RMS norms, relative position bias in the first layer of each stack,
    gated GELU, untied head), laptop-sized: 32 source and 32 target tokens."""
    return {
        "d_model": 64,
        "d_kv": 16,
        "num_heads": 4,
        "d_ff": 128,
        "num_layers": 2,
        "num_decoder_layers": 2,
        "vocab_size": 512,
        "source_length": 32,
        "target_length": 32,
    }


class T5Norm(nn.Module):
    """T5's layer norm: x / sqrt(mean(x^2) + eps) * weight, no mean subtraction, no bias."""

    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        variance = x.float().pow(2).mean(-1, keepdim=True)
        return self.weight * (x.float() * torch.rsqrt(variance + self.eps)).to(self.weight.dtype)


def relative_buckets(offsets: torch.Tensor, bidirectional: bool, num_buckets: int, max_distance: int) -> torch.Tensor:
    """T5's bucket of each key-minus-query offset. Half the buckets (all of them when causal)
    are exact for small distances, the rest grow logarithmically up to max_distance, beyond
    which everything shares the last bucket. Bidirectional buckets keep the sign (keys after
    the query use the upper half); causal ones see only keys at or before the query."""
    buckets = torch.zeros_like(offsets)
    if bidirectional:
        num_buckets //= 2
        buckets = buckets + (offsets > 0).long() * num_buckets
        distance = offsets.abs()
    else:
        distance = (-offsets).clamp(min=0)
    exact = num_buckets // 2
    scaled = torch.log(distance.float().clamp(min=1) / exact) / math.log(max_distance / exact)
    far = (exact + (scaled * (num_buckets - exact)).long()).clamp(max=num_buckets - 1)
    return buckets + torch.where(distance < exact, distance, far)


class Attention(nn.Module):
    """Multi-head attention without biases and without the 1/sqrt(d_kv) scale (T5 folds it into
    the initialisation). Self-attention when no context is given, cross-attention over the
    context otherwise. The first layer of each stack also holds the relative position bias
    table, one learned scalar per bucket and head."""

    def __init__(self, config: ModelConfig, position_bias: bool = False, bidirectional: bool = True):
        super().__init__()
        inner = config.num_heads * config.d_kv
        self.heads = config.num_heads
        self.d_kv = config.d_kv
        self.bidirectional = bidirectional
        self.num_buckets = config.relative_attention_num_buckets
        self.max_distance = config.relative_attention_max_distance
        self.q_proj = nn.Linear(config.d_model, inner, bias=False)
        self.k_proj = nn.Linear(config.d_model, inner, bias=False)
        self.v_proj = nn.Linear(config.d_model, inner, bias=False)
        self.o_proj = nn.Linear(inner, config.d_model, bias=False)
        if position_bias:
            self.relative_attention_bias = nn.Embedding(self.num_buckets, self.heads)

    def position_bias(self, query_length: int, key_length: int, device) -> torch.Tensor:
        """(1, heads, query_length, key_length) bias; causal stacks also mask future keys."""
        queries = torch.arange(query_length, device=device).unsqueeze(1)
        keys = torch.arange(key_length, device=device).unsqueeze(0)
        buckets = relative_buckets(keys - queries, self.bidirectional, self.num_buckets, self.max_distance)
        bias = self.relative_attention_bias(buckets).permute(2, 0, 1).unsqueeze(0).float()
        if not self.bidirectional:
            bias = bias.masked_fill(keys > queries, torch.finfo(bias.dtype).min)
        return bias

    def split_heads(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, _ = x.shape
        return x.view(batch, length, self.heads, self.d_kv).transpose(1, 2)

    def forward(self, x: torch.Tensor, bias: torch.Tensor | None = None, context: torch.Tensor | None = None) -> torch.Tensor:
        source = x if context is None else context
        q = self.split_heads(self.q_proj(x))
        k = self.split_heads(self.k_proj(source))
        v = self.split_heads(self.v_proj(source))
        mask = None if bias is None else bias.to(q.dtype)
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=1.0)
        return self.o_proj(out.transpose(1, 2).reshape(x.shape[0], x.shape[1], -1))


class GatedGelu(nn.Module):
    """down(gelu(gate(x)) * up(x)) with the tanh GELU, T5 v1.1's feed-forward (Shazeer, 2020)."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.gate_proj = nn.Linear(config.d_model, config.d_ff, bias=False)
        self.up_proj = nn.Linear(config.d_model, config.d_ff, bias=False)
        self.down_proj = nn.Linear(config.d_ff, config.d_model, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.gelu(self.gate_proj(x), approximate="tanh") * self.up_proj(x))


class Block(nn.Module):
    """Pre-norm block: x + self_attn(norm(x)), then (decoder) x + cross_attn(norm(x), encoded),
    then x + mlp(norm(x))."""

    def __init__(self, config: ModelConfig, first: bool, decoder: bool):
        super().__init__()
        eps = config.layer_norm_epsilon
        self.input_layernorm = T5Norm(config.d_model, eps)
        self.self_attn = Attention(config, position_bias=first, bidirectional=not decoder)
        if decoder:
            self.norm_cross = T5Norm(config.d_model, eps)
            self.cross_attn = Attention(config)
        self.post_attention_layernorm = T5Norm(config.d_model, eps)
        self.mlp = GatedGelu(config)

    def forward(self, x: torch.Tensor, bias: torch.Tensor, encoded: torch.Tensor | None = None) -> torch.Tensor:
        x = x + self.self_attn(self.input_layernorm(x), bias)
        if encoded is not None:
            x = x + self.cross_attn(self.norm_cross(x), context=encoded)
        return x + self.mlp(self.post_attention_layernorm(x))


class Stack(nn.Module):
    """A stack of blocks and a final norm; the first block's relative bias table serves every
    block of the stack."""

    def __init__(self, config: ModelConfig, layers: int, decoder: bool):
        super().__init__()
        self.layers = nn.ModuleList(Block(config, first=i == 0, decoder=decoder) for i in range(layers))
        self.final_layer_norm = T5Norm(config.d_model, config.layer_norm_epsilon)

    def forward(self, x: torch.Tensor, encoded: torch.Tensor | None = None) -> torch.Tensor:
        length = x.shape[1]
        bias = self.layers[0].self_attn.position_bias(length, length, x.device)
        for layer in self.layers:
            x = layer(x, bias, encoded)
        return self.final_layer_norm(x)


class MetaGenModel(nn.Module):
    """T5 v1.1 encoder-decoder (Raffel et al., 2020): a shared token embedding, an encoder and a
    decoder stack, and an output projection untied from the embedding.

    forward(input_ids, decoder_input_ids) takes source ids (batch, source_length) and target
    ids shifted right behind decoder_start_token_id (batch, target_length), and returns the
    logits of every target token (batch, target_length, vocab_size). Relative positions set no
    length limit; source_length and target_length are the training split. All sources of a
    batch have the same length: there is no padding mask.
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        self.shared = nn.Embedding(config.vocab_size, config.d_model)
        self.encoder = Stack(config, config.num_layers, decoder=False)
        self.decoder = Stack(config, config.num_decoder_layers, decoder=True)
        self.lm_head = nn.Linear(config.d_model, config.vocab_size, bias=False)
        self.apply(self._init_weights)

    def _init_weights(self, module: nn.Module) -> None:
        """T5's initialisation: unit-variance embeddings, each projection scaled by its fan-in,
        queries also by 1/sqrt(d_kv) since the attention logits are not scaled."""
        config = self.config
        d, inner = config.d_model, config.num_heads * config.d_kv
        if isinstance(module, Attention):
            nn.init.normal_(module.q_proj.weight, std=(d * config.d_kv) ** -0.5)
            nn.init.normal_(module.k_proj.weight, std=d**-0.5)
            nn.init.normal_(module.v_proj.weight, std=d**-0.5)
            nn.init.normal_(module.o_proj.weight, std=inner**-0.5)
            if hasattr(module, "relative_attention_bias"):
                nn.init.normal_(module.relative_attention_bias.weight, std=d**-0.5)
        elif isinstance(module, GatedGelu):
            nn.init.normal_(module.gate_proj.weight, std=d**-0.5)
            nn.init.normal_(module.up_proj.weight, std=d**-0.5)
            nn.init.normal_(module.down_proj.weight, std=config.d_ff**-0.5)
        elif module is self:
            nn.init.normal_(module.shared.weight, std=1.0)
            nn.init.normal_(module.lm_head.weight, std=d**-0.5)

    def encode(self, input_ids: torch.Tensor) -> torch.Tensor:
        return self.encoder(self.shared(input_ids))

    def decode(self, decoder_input_ids: torch.Tensor, encoded: torch.Tensor) -> torch.Tensor:
        return self.lm_head(self.decoder(self.shared(decoder_input_ids), encoded))

    def forward(self, input_ids: torch.Tensor, decoder_input_ids: torch.Tensor) -> torch.Tensor:
        return self.decode(decoder_input_ids, self.encode(input_ids))
