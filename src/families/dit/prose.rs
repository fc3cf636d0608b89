//! The paper prose of this family: the introduction's opening, the related-work
//! paragraph and the conclusion's closing, in LaTeX (citing only this family's references).

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    introduction: "Diffusion transformers replace the convolutional U-Net of a denoiser with a plain stack of transformer blocks over latent patches, conditioned through adaptive normalisation \\citep{peebles2023dit}. The appeal is predictability: a transformer scales along width and depth like a language model, so the quality of the samples should follow the compute spent on the denoiser. The cost is the same quadratic attention over patches that made vision transformers expensive, paid again at every sampling step.",
    related_work: "Denoising diffusion \\citep{ho2020ddpm} and its deterministic samplers \\citep{song2021ddim} set the objective; latent diffusion moved it into the compressed space of an autoencoder \\citep{rombach2022ldm}. Swapping the denoiser's backbone for a transformer was the last large change, and it made the model's size a matter of the same few hyperparameters that govern every other transformer.",
    conclusion: "A diffusion transformer multiplies its forward cost by the number of sampling steps, which is where serving budgets go to die. The figures above count one forward pass; a deployment should count the steps too.",
};
