//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It denoises latent patches with a stack of transformer blocks conditioned by adaptive layer norm, paying for one full pass at every sampling step.",
    introduction: "Diffusion transformers replace the convolutional U-Net of a denoiser with a plain stack of transformer blocks over latent patches, conditioned through adaptive normalisation \\citep{peebles2023dit}. The appeal is predictability: a transformer scales along width and depth like a language model, so the quality of the samples should follow the compute spent on the denoiser. The cost is the same quadratic attention over patches that made vision transformers expensive, paid again at every sampling step.",
    related_work: "Denoising diffusion \\citep{ho2020ddpm} and its deterministic samplers \\citep{song2021ddim} set the objective; latent diffusion moved it into the compressed space of an autoencoder \\citep{rombach2022ldm}. Swapping the denoiser's backbone for a transformer was the last large change, and it made the model's size a matter of the same few hyperparameters that govern every other transformer.",
    conclusion: "A diffusion transformer multiplies its forward cost by the number of sampling steps, which is where serving budgets go to die. The figures above count one forward pass; a deployment should count the steps too.",
    limitations: "A diffusion transformer pays for every denoising step with a full pass over all latent patches, so halving the patch size quadruples the token count and roughly the attention cost. Sample quality depends on the sampler, the number of steps and the guidance scale as much as on the network, and sample-quality metrics such as FID move with the reference statistics and sample count, so numbers from different setups rarely compare.",
    broader_impact: "Image and video generators can fabricate convincing scenes of events that never happened and reproduce styles or likenesses from their training data. Provenance marks on outputs, filtering of the training set and a documented policy on likeness requests are the minimum before release.",
};
