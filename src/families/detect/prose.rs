//! The paper prose of this family, in LaTeX (citing only this family's references): the
//! abstract's claim, the introduction's opening, the related-work paragraph, the conclusion's closing, and the
//! discussion's limitations and broader impact.

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    abstract_claim: "It predicts class labels and boxes for every object in an image in one pass, so resolution and the number of predictions set its cost.",
    introduction: "Object detectors must say what is in an image and where, for every object at once, and they must do it at a frame rate someone is waiting for. Dense detectors predict a box at every location of a feature pyramid and suppress the duplicates \\citep{tian2019fcos}; set-based detectors let a transformer emit a fixed number of object queries and match them to the ground truth one-to-one \\citep{carion2020detr}. The backbone dominates the parameter count, while the head and the matching rule dominate the behaviour.",
    related_work: "Feature pyramids gave detectors their multi-scale view, focal loss made dense prediction trainable against overwhelming background, and anchor-free heads removed a page of hand-tuned box priors. Set prediction later removed non-maximum suppression altogether, trading it for slower convergence. Every one of these choices is visible in the module graph of a detector.",
    conclusion: "A detector's size is easy to state and its quality is not: small objects, crowded scenes and unusual aspect ratios are where detectors fail, and none of them is visible in a parameter table.",
    limitations: "Detection quality hinges on choices outside the parameter count: input resolution, anchor or query design, the matching rule and non-maximum suppression thresholds. Small objects suffer first when the input is downscaled to meet a latency target, and a mean average precision averaged over classes can hide a class that is rarely found at all. Set-prediction decoders avoid hand-tuned suppression but converge slowly, so their training schedules run long.",
    broader_impact: "Detectors count and locate people as readily as parcels, which makes surveillance the cheapest application of this work. The boxes a detector draws inherit the blind spots of its annotations, so error rates should be measured per group before any use that affects people.",
};
