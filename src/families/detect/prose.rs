//! The paper prose of this family: the introduction's opening, the related-work
//! paragraph and the conclusion's closing, in LaTeX (citing only this family's references).

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    introduction: "Object detectors must say what is in an image and where, for every object at once, and they must do it at a frame rate someone is waiting for. Dense detectors predict a box at every location of a feature pyramid and suppress the duplicates \\citep{tian2019fcos}; set-based detectors let a transformer emit a fixed number of object queries and match them to the ground truth one-to-one \\citep{carion2020detr}. The backbone dominates the parameter count, while the head and the matching rule dominate the behaviour.",
    related_work: "Feature pyramids gave detectors their multi-scale view, focal loss made dense prediction trainable against overwhelming background, and anchor-free heads removed a page of hand-tuned box priors. Set prediction later removed non-maximum suppression altogether, trading it for slower convergence. Every one of these choices is visible in the module graph of a detector.",
    conclusion: "A detector's size is easy to state and its quality is not: small objects, crowded scenes and unusual aspect ratios are where detectors fail, and none of them is visible in a parameter table.",
};
