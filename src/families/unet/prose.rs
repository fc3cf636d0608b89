//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "Its encoder-decoder passes features across every resolution through skip connections, keeping the spatial detail a bottleneck would lose.",
    introduction: "U-Nets pair a contracting encoder with an expanding decoder and pass features across at every resolution, so the output keeps the spatial detail the bottleneck would otherwise throw away \\citep{ronneberger2015unet}. The same shape serves segmentation, where every pixel needs a label, and diffusion, where every pixel needs a denoised value \\citep{ho2020ddpm}. Channel multipliers and the number of resolution levels decide the size, and attention at the coarse levels decides most of the cost.",
    related_work: "The encoder-decoder with skip connections began in biomedical segmentation and became the default denoiser of image diffusion, first in pixel space and then in the latent space of an autoencoder, with text entering through cross-attention \\citep{rombach2022ldm}. Its descendants differ mainly in where attention is placed and how the conditioning is injected.",
    conclusion: "A U-Net is a very exact object: levels, channels and attention placement fix every parameter. The open questions are about data and conditioning, which is where the documents of this release ask the releaser to speak.",
    limitations: "A U-Net keeps full-resolution features alive through its skip connections, which is why its activation memory is large compared with its weights and grows with the square of the image side. Diffusion U-Nets repeat the whole network at every sampling step, so latency is steps times one pass, and segmentation U-Nets trade boundary accuracy against the input resolution they can afford.",
    broader_impact: "Segmentation outputs feed medical, agricultural and industrial decisions where an error is a missed lesion or a wrong cut, and diffusion U-Nets share the generative risks of any image model. Both need evaluation on the population and imaging hardware they will be used with.",
};
