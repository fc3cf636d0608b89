//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It maps paired inputs of different kinds into one embedding space, with a tower per modality sized on its own.",
    introduction: "Multimodal models put two kinds of input into one space, so that an image and the sentence describing it land near each other and everything else lands far away \\citep{radford2021clip}. Contrastive pre-training does this with nothing but paired data and a large batch: every other pair in the batch is a negative. The result is a model that classifies images it was never labelled for, and inherits every bias of the captions it was trained on.",
    related_work: "Dual encoders pair a vision transformer \\citep{dosovitskiy2021vit} with a text transformer and train both against a symmetric contrastive loss; fusion models instead mix the modalities early and give up the cheap retrieval index in return for joint reasoning. The batch size is the hidden hyperparameter of the contrastive line, because it sets how many negatives each pair is compared against.",
    conclusion: "A shared embedding space is only as fair as the pairs that built it. The sizes above are exact; the captions, their languages and their blind spots are what this release still has to document.",
    limitations: "Contrastive and fused multimodal models learn only the alignment their paired data shows them: captions describe what annotators noticed, not everything in the image, and retrieval quality collapses on concepts absent from the pairs. Batch size matters unusually much for contrastive training, since every other pair in the batch is a negative, and the two towers can be sized independently, which moves cost between modalities.",
    broader_impact: "Web-scale image-text pairs carry the stereotypes of the captions they come from, and a shared embedding space turns those associations into retrieval and zero-shot labels. Zero-shot classification of people by such a model should be treated as a bias measurement, not a feature.",
};
