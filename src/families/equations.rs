//! The paper's equation paragraphs, shared by the architectures that use the same blocks;
//! each [`super::Architecture`] lists the ones its method section shows.

pub const ATTENTION: &str = "\\paragraph{Attention.} Each head computes\n\\begin{equation}\n\\mathrm{Attn}(Q, K, V) = \\mathrm{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_h}}\\right) V,\n\\end{equation}\nwith $d_h$ the head dimension \\citep{vaswani2017attention}.\n\n";

pub const LAYERNORM_MLP: &str = "\\paragraph{Normalisation and feed-forward.} LayerNorm computes $\\mathrm{LN}(x) = \\gamma \\odot (x - \\mu) / \\sqrt{\\sigma^2 + \\epsilon} + \\beta$, and the feed-forward block is $\\mathrm{FFN}(x) = W_2\\,\\mathrm{GELU}(W_1 x + b_1) + b_2$.\n\n";

pub const LLM: &str = "\\paragraph{RMSNorm.} $\\mathrm{RMSNorm}(x) = x \\odot g / \\sqrt{\\tfrac{1}{d}\\sum_i x_i^2 + \\epsilon}$ \\citep{zhang2019rmsnorm}.\n\n\
\\paragraph{Rotary positions.} Queries and keys are rotated pairwise by position $m$ \\citep{su2021roformer}: \\begin{equation}\n\\begin{pmatrix} q'_{2i} \\\\ q'_{2i+1} \\end{pmatrix} = \\begin{pmatrix} \\cos m\\theta_i & -\\sin m\\theta_i \\\\ \\sin m\\theta_i & \\cos m\\theta_i \\end{pmatrix} \\begin{pmatrix} q_{2i} \\\\ q_{2i+1} \\end{pmatrix}, \\quad \\theta_i = b^{-2i/d_h}\n\\end{equation}\nso that attention depends on relative position only.\n\n\
\\paragraph{SwiGLU.} $\\mathrm{FFN}(x) = W_{\\mathrm{down}}\\left(\\mathrm{SiLU}(W_{\\mathrm{gate}} x) \\odot W_{\\mathrm{up}} x\\right)$ \\citep{shazeer2020glu}.\n\n\
\\paragraph{Grouped-query attention.} $H$ query heads share $H_{kv}$ key/value heads, each group of $H / H_{kv}$ query heads attending with the same $K$ and $V$, which divides the KV cache by $H / H_{kv}$ \\citep{ainslie2023gqa}.\n\n";

pub const RESIDUAL: &str = "\\paragraph{Residual blocks.} Each block computes $y = \\mathcal{F}(x, \\{W_i\\}) + x$, where for a bottleneck $\\mathcal{F}$ is a $1\\times1$, $3\\times3$, $1\\times1$ convolution stack with batch normalisation and ReLU, and the shortcut is a projection when shapes change \\citep{he2016resnet}.\n\n";

pub const UNET: &str = "\\paragraph{U-Net.} An encoder halves the resolution at each level and a decoder doubles it back, concatenating the encoder's features at the same resolution: $d_\\ell = \\mathrm{Up}(d_{\\ell+1}) \\oplus e_\\ell$ \\citep{ronneberger2015unet}.\n\n";

pub const DIFFUSION: &str = "\\paragraph{Diffusion objective.} With $x_t = \\sqrt{\\bar\\alpha_t} x_0 + \\sqrt{1 - \\bar\\alpha_t}\\,\\epsilon$, the denoiser minimises \\citep{ho2020ddpm}\n\\begin{equation}\n\\mathcal{L} = \\mathbb{E}_{x_0, \\epsilon, t}\\left\\| \\epsilon - \\epsilon_\\theta(x_t, t, c) \\right\\|_2^2\n\\end{equation}\nand samples with DDIM \\citep{song2021ddim}.\n\n";

pub const ADALN: &str = "\\paragraph{adaLN-Zero.} Each block regresses scale, shift and gate from the conditioning $c$: $h = x + \\alpha \\odot \\mathrm{Attn}(\\mathrm{LN}(x)(1 + \\gamma) + \\beta)$, with $\\alpha$ initialised to zero \\citep{peebles2023dit}.\n\n";

pub const INFONCE: &str = "\\paragraph{Contrastive objective.} For a batch of $N$ pairs with normalised embeddings $u_i, v_i$ and temperature $\\tau$, \\begin{equation}\n\\mathcal{L} = -\\frac{1}{N}\\sum_{i} \\log \\frac{\\exp(u_i^\\top v_i / \\tau)}{\\sum_j \\exp(u_i^\\top v_j / \\tau)}.\n\\end{equation}\n\n";

pub const GAT: &str = "\\paragraph{Graph attention.} $\\alpha_{ij} = \\mathrm{softmax}_j\\left(\\mathrm{LeakyReLU}(a^\\top [W h_i \\,\\|\\, W h_j])\\right)$ and $h'_i = \\sigma\\left(\\sum_{j \\in \\mathcal{N}(i)} \\alpha_{ij} W h_j\\right)$ \\citep{velickovic2018gat}.\n\n";

pub const GCN: &str = "\\paragraph{Graph convolution.} $H^{(l+1)} = \\sigma\\left(\\tilde D^{-1/2} \\tilde A \\tilde D^{-1/2} H^{(l)} W^{(l)}\\right)$ with self-loops $\\tilde A = A + I$ \\citep{kipf2017gcn}.\n\n";

pub const PPO: &str = "\\paragraph{Clipped policy objective.} With ratio $r_t(\\theta) = \\pi_\\theta(a_t|s_t) / \\pi_{\\theta_{\\mathrm{old}}}(a_t|s_t)$ and advantage $\\hat A_t$, the policy maximises \\citep{schulman2017ppo}\n\\begin{equation}\n\\mathcal{L}^{\\mathrm{CLIP}} = \\mathbb{E}_t\\left[\\min\\left(r_t \\hat A_t,\\ \\mathrm{clip}(r_t, 1-\\varepsilon, 1+\\varepsilon)\\hat A_t\\right)\\right]\n\\end{equation}\nwhich keeps each update close to the policy that collected the data.\n\n";

pub const DQN: &str = "\\paragraph{Temporal-difference target.} The Q-network minimises $\\left(r + \\gamma \\max_{a'} Q_{\\bar\\theta}(s', a') - Q_\\theta(s, a)\\right)^2$ with a periodically copied target network $\\bar\\theta$ \\citep{mnih2015dqn}.\n\n";

pub const FORECAST: &str = "\\paragraph{Patching.} A series of length $L$ is cut into $\\lfloor (L - P)/S \\rfloor + 1$ patches of length $P$ and stride $S$, each embedded as one token \\citep{nie2023patchtst}.\n\n";

pub const MSE: &str = "\\paragraph{Objective.} The model minimises the mean squared error $\\frac{1}{n}\\sum_i \\|y_i - \\hat y_i\\|_2^2$.\n\n";
