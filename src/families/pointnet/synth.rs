//! PointNet synthesis: the shared per-point MLP `3 -> c -> c -> c -> 2c -> 16c` (each layer a
//! linear map with BatchNorm and ReLU, applied to every point alike), a max over the points,
//! and the head `16c -> 8c -> 4c` (BatchNorm, ReLU, dropout before the classifier) ending in
//! the class logits. At `c = 64` these are the paper's widths 64-64-64-128-1024 and
//! 512-256-k. The fitter chooses the base width `c` for the budget.

use crate::arch::blocks::{Pos, batch_norm1d, linear, linear_params, total};
use crate::arch::blueprint::Built;
use crate::arch::error::ArchError;
use crate::arch::fit::Budget;
use crate::arch::ir::{Module, ModuleKind};
use crate::arch::request::{ArchRequest, Overrides};
use crate::arch::small::{pick, steps};

/// Dropout before the classifier (the paper keeps 70% of the units).
pub const DROPOUT: f64 = 0.3;

/// Coordinates per point.
const XYZ: u64 = 3;

/// Widths of the shared per-point MLP for base width `c`, input first.
pub fn point_widths(c: u64) -> Vec<u64> {
    vec![XYZ, c, c, c, 2 * c, 16 * c]
}

/// Widths of the head's hidden layers for base width `c`, the pooled feature first.
pub fn head_widths(c: u64) -> Vec<u64> {
    vec![16 * c, 8 * c, 4 * c]
}

/// Count of one linear layer followed by BatchNorm (weight and bias).
fn layer_params(input: u64, output: u64) -> u64 {
    total(&[linear_params(input, output, true), 2 * output])
}

/// Closed-form count of [`build_pointnet`].
pub fn pointnet_params(c: u64, num_classes: u64) -> u64 {
    let layers = |widths: &[u64]| {
        widths
            .windows(2)
            .fold(0u64, |acc, w| acc.saturating_add(layer_params(w[0], w[1])))
    };
    total(&[
        layers(&point_widths(c)),
        layers(&head_widths(c)),
        linear_params(4 * c, num_classes, true),
    ])
}

/// A run of (linear, BatchNorm) layers as `nn.ModuleList` entries with children `linear`
/// and `norm`, each applied at the positions `pos`.
fn layer_list(name: &str, widths: &[u64], pos: &Pos) -> Module {
    let layers = widths
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            Module::node(
                &i.to_string(),
                ModuleKind::Sequential,
                vec![
                    linear("linear", w[0], w[1], true, pos),
                    batch_norm1d("norm", w[1], pos),
                ],
            )
            .with_attr("activation", "relu")
        })
        .collect();
    Module::node(name, ModuleKind::ModuleList, layers)
}

/// Marks the linear map of a layer list's first layer as reading the sample's raw data.
fn first_layer_reads_data(mut list: Module) -> Module {
    if let Some(linear) = list
        .children
        .first_mut()
        .and_then(|layer| layer.children.first_mut())
    {
        linear.reads_data = true;
    }
    list
}

/// The module tree: `point_layers` over every point, then (after the max over points)
/// `head` and `classifier` on the pooled feature.
pub fn build_pointnet(c: u64, num_classes: u64, points: u64) -> Module {
    let per_point = Pos::seq("N", points);
    let pooled = Pos::none();
    let mut root = Module::node(
        "pointnet",
        ModuleKind::Model,
        vec![
            // The first layer reads the raw coordinates: autograd computes no input
            // gradient for it, which the cost model's training FLOPs follow.
            first_layer_reads_data(layer_list("point_layers", &point_widths(c), &per_point)),
            layer_list("head", &head_widths(c), &pooled),
            linear("classifier", 4 * c, num_classes, true, &pooled),
        ],
    );
    root.input_shape = per_point.shape(XYZ);
    root.output_shape = pooled.shape(num_classes);
    root
}

/// Fits the base width to the budget (8 to 2048 in steps of 4, or the `base_channels`
/// override) and builds the chosen PointNet.
pub fn synthesize(
    req: &ArchRequest,
    num_classes: u64,
    points: u64,
    budget: &Budget,
) -> Result<(Built, u64), ArchError> {
    ArchError::require_classes(num_classes)?;
    let overridden = req.overrides.base_channels;
    let grid: Vec<(u64, u64)> = match overridden {
        Some(0) => {
            return Err(ArchError::invalid_override(
                "base_channels",
                "base_channels must be at least 1",
            ));
        }
        Some(c) => vec![(c, 0)],
        None => steps(8, 2048, 4).into_iter().map(|c| (c, 0)).collect(),
    };
    let (c, root, counted, notes) = pick(
        "pointnet",
        budget,
        grid,
        overridden.is_some(),
        |c| pointnet_params(*c, num_classes),
        |c| build_pointnet(*c, num_classes, points),
    )?;
    let resolved = Overrides {
        base_channels: Some(c),
        ..Overrides::default()
    };
    let mut b = Built::new(super::POINTNET_VARIANT, root, resolved)
        .hp("base_width", c)
        .hp("point_widths", point_widths(c))
        .hp("head_widths", head_widths(c))
        .hp("num_classes", num_classes)
        .hp("points", points)
        .hp("dropout", DROPOUT)
        .hp("pooling", "max")
        .hp("activation", "relu");
    b.notes = notes;
    Ok((b, counted))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paper's widths (64-64-64-128-1024, 512-256-40), counted by hand from the layer
    /// shapes: per layer `in * out + out` (linear) plus `2 * out` (BatchNorm).
    #[test]
    fn the_paper_widths_count_as_written() {
        let by_hand = |i: u64, o: u64| i * o + 3 * o;
        let expected = by_hand(3, 64)
            + by_hand(64, 64)
            + by_hand(64, 64)
            + by_hand(64, 128)
            + by_hand(128, 1024)
            + by_hand(1024, 512)
            + by_hand(512, 256)
            + (256 * 40 + 40);
        assert_eq!(expected, 819_624);
        assert_eq!(pointnet_params(64, 40), expected);
        assert_eq!(build_pointnet(64, 40, 1024).count(), expected);
    }

    #[test]
    fn closed_form_matches_the_tree_over_widths() {
        for c in [8, 12, 64, 160, 1000] {
            for k in [1, 10, 40] {
                assert_eq!(
                    pointnet_params(c, k),
                    build_pointnet(c, k, 1024).count(),
                    "c={c} k={k}"
                );
            }
        }
    }

    /// Only the first per-point linear map reads raw data (no input gradient in training).
    #[test]
    fn only_the_first_point_layer_reads_raw_data() {
        let root = build_pointnet(64, 40, 1024);
        assert_eq!(root.data_input_macs(), 3 * 64 * 1024);
    }

    /// Per-point layers cost their MACs once per point; the head once per cloud.
    #[test]
    fn per_point_macs_scale_with_the_cloud() {
        let macs = |n| build_pointnet(64, 40, n).forward_macs;
        let per_point: u64 = point_widths(64).windows(2).map(|w| w[0] * w[1]).sum();
        assert_eq!(macs(2048) - macs(1024), per_point * 1024);
    }
}
