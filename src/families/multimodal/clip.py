def tiny_overrides(config: ModelConfig) -> dict:
    """Same architecture (ViT image tower, causal text tower, projections, logit scale),
    32x32 images and 16-token captions."""
    return {
        "image_size": [32, 32],
        "patch_size": 8,
        "vision_width": 64,
        "vision_layers": 2,
        "vision_heads": 2,
        "text_width": 64,
        "text_layers": 2,
        "text_heads": 2,
        "vocab_size": 512,
        "context_length": 16,
        "embedding_dim": 32,
    }


class SelfAttention(nn.Module):
    """Multi-head self-attention with biases, optionally causal."""

    def __init__(self, width: int, heads: int, causal: bool):
        super().__init__()
        self.heads = heads
        self.causal = causal
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.o_proj = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        shape = (batch, length, self.heads, width // self.heads)
        q = self.q_proj(x).view(shape).transpose(1, 2)
        k = self.k_proj(x).view(shape).transpose(1, 2)
        v = self.v_proj(x).view(shape).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal)
        return self.o_proj(out.transpose(1, 2).reshape(batch, length, width))


class GeluMlp(nn.Module):
    """fc2(gelu(fc1(x))) with a 4x hidden width."""

    def __init__(self, width: int):
        super().__init__()
        self.fc1 = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(F.gelu(self.fc1(x)))


class ResidualBlock(nn.Module):
    """Pre-LN block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, width: int, heads: int, causal: bool):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.self_attn = SelfAttention(width, heads, causal)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = GeluMlp(width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.self_attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    """CLIP's image tower: bias-free patch convolution, class embedding, learned positions,
    ln_pre, pre-LN blocks, ln_post on the class token, projection matrix."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        width, patch = config.vision_width, config.patch_size
        patches = (config.image_size[0] // patch) * (config.image_size[1] // patch)
        scale = width**-0.5
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn(1, patches + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.transformer = nn.ModuleList(
            ResidualBlock(width, config.vision_heads, causal=False) for _ in range(config.vision_layers)
        )
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, config.embedding_dim))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.conv1(images).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1), x], dim=1)
        x = self.ln_pre(x + self.positional_embedding)
        for block in self.transformer:
            x = block(x)
        return self.ln_post(x[:, 0]) @ self.proj


class MetaGenModel(nn.Module):
    """CLIP-style dual encoder (Radford et al., 2021), OpenAI layout.

    forward(images, input_ids) takes RGB images of shape (batch, 3, height, width) at
    image_size, normalised to about zero mean and unit variance, and caption token ids of
    shape (batch_text, length), length at most context_length, each caption ending with the
    end-of-text token (the largest id, vocab_size - 1) and padded after it with 0. It returns
    {"image_embeds": (batch, embedding_dim), "text_embeds": (batch_text, embedding_dim)}, both
    L2-normalised, and "logits_per_image": (batch, batch_text), the cosine similarities times
    exp(logit_scale) (capped at 100).
    """

    def __init__(self, config: ModelConfig | None = None):
        super().__init__()
        self.config = config = config or ModelConfig()
        width = config.text_width
        self.visual = VisionTransformer(config)
        self.token_embedding = nn.Embedding(config.vocab_size, width)
        self.positional_embedding = nn.Parameter(torch.empty(1, config.context_length, width))
        self.transformer = nn.ModuleList(
            ResidualBlock(width, config.text_heads, causal=True) for _ in range(config.text_layers)
        )
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(torch.empty(width, config.embedding_dim))
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        self.initialize()

    def initialize(self) -> None:
        """OpenAI CLIP's initialisation: small embeddings, projections scaled by width (and by
        depth for the ones writing to the residual stream), temperature 0.07."""
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        nn.init.normal_(self.text_projection, std=self.config.text_width**-0.5)
        text_width, vision_width = self.config.text_width, self.config.vision_width
        for blocks, width in ((self.transformer, text_width), (self.visual.transformer, vision_width)):
            residual_std = width**-0.5 * (2 * len(blocks)) ** -0.5
            for block in blocks:
                attention, mlp = block.self_attn, block.mlp
                for layer in (attention.q_proj, attention.k_proj, attention.v_proj):
                    nn.init.normal_(layer.weight, std=width**-0.5)
                nn.init.normal_(mlp.fc1.weight, std=(2 * width) ** -0.5)
                for layer in (attention.o_proj, mlp.fc2):
                    nn.init.normal_(layer.weight, std=residual_std)
                for layer in block.modules():
                    if isinstance(layer, nn.Linear):
                        nn.init.zeros_(layer.bias)

    def encode_image(self, images: torch.Tensor) -> torch.Tensor:
        """L2-normalised image embeddings (batch, embedding_dim)."""
        return F.normalize(self.visual(images).float(), dim=-1)

    def encode_text(self, input_ids: torch.Tensor) -> torch.Tensor:
        """L2-normalised caption embeddings (batch, embedding_dim), read at the end-of-text token."""
        x = self.token_embedding(input_ids) + self.positional_embedding[:, : input_ids.shape[1]]
        for block in self.transformer:
            x = block(x)
        x = self.ln_final(x)
        end_of_text = x[torch.arange(x.shape[0], device=x.device), input_ids.argmax(dim=-1)]
        return F.normalize((end_of_text @ self.text_projection).float(), dim=-1)

    def forward(self, images: torch.Tensor, input_ids: torch.Tensor) -> dict:
        image_embeds = self.encode_image(images)
        text_embeds = self.encode_text(input_ids)
        scale = self.logit_scale.exp().clamp(max=100.0)
        return {
            "image_embeds": image_embeds,
            "text_embeds": text_embeds,
            "logits_per_image": scale * image_embeds @ text_embeds.T,
        }
