//! The paper prose of this family: the introduction's opening, the related-work
//! paragraph and the conclusion's closing, in LaTeX (citing only this family's references).

use crate::families::Prose;

/// This family's paper prose.
pub static PROSE: Prose = Prose {
    introduction: "Audio models work on signals that are long, dense and unforgiving: a few seconds of speech or music is tens of thousands of samples, and a listener hears an artefact that no loss curve shows. The standard answer is to compress first, into spectrogram frames for recognition \\citep{radford2023whisper} or into codec tokens for generation \\citep{copet2023musicgen}, and to let a transformer work on the shorter sequence. Frame rate and codebook count therefore matter as much as width and depth.",
    related_work: "Sequence-to-sequence recognisers trained on large weakly labelled corpora showed that scale covers for a great deal of acoustic mismatch, while token-based generators showed that a codec can turn waveform synthesis into language modelling over parallel codebooks. Both lines pay for quality with frames per second, and both are judged by listeners or error rates rather than by a likelihood.",
    conclusion: "For audio, the frame rate is the hidden parameter: it sets the sequence length, the latency and the cost of every second served. It is stated above; the listening test is not, and cannot be until there are weights.",
};
