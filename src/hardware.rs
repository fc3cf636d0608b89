//! Owns the documented accelerator table and the device and latency classes that the cost model and feasibility checks reason about.
//!
//! Conventions for every entry, so the figures can be compared with each other:
//! - `peak_bf16_flops` is the dense (no structured sparsity) tensor-core peak for
//!   16-bit brain-float math with fp32 accumulation. Parts without bf16 (V100, T4)
//!   carry their fp16 tensor peak instead, which runs models at the same byte width.
//! - `memory_bytes` reads the datasheet capacity as decimal gigabytes (1e9 bytes).
//!   HBM parts are really binary (80 "GB" is 80 GiB), so this understates them by
//!   about 7 %, which keeps "does it fit" verdicts on the safe side.
//! - `bandwidth_bytes_per_s` is the datasheet peak memory bandwidth.
//! - `tdp_watts` is the board (or module / package) power limit from the same document.

use serde::Serialize;

/// One accelerator's datasheet figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcceleratorSpec {
    /// Canonical name, the one shown in warnings and reports.
    pub name: &'static str,
    /// Other spellings that refer to this entry; lookup ignores case, spaces, dashes and underscores.
    pub aliases: &'static [&'static str],
    /// Dense bf16 tensor peak in FLOP/s (see the module notes for parts without bf16).
    pub peak_bf16_flops: f64,
    /// Device memory in bytes (decimal reading of the datasheet figure).
    pub memory_bytes: u64,
    /// Peak memory bandwidth in bytes per second.
    pub bandwidth_bytes_per_s: f64,
    /// Board, module or package power limit in watts.
    pub tdp_watts: f64,
}

const GB: u64 = 1_000_000_000;

// NVIDIA A100 Tensor Core GPU datasheet (2021) and "NVIDIA A100 Tensor Core GPU
// Architecture" whitepaper: A100 40GB SXM, bf16 312 TFLOPS dense, 1,555 GB/s, 400 W.
const A100_40GB: AcceleratorSpec = AcceleratorSpec {
    name: "A100-40GB",
    aliases: &["A100-SXM4-40GB", "A100-40G"],
    peak_bf16_flops: 312e12,
    memory_bytes: 40 * GB,
    bandwidth_bytes_per_s: 1_555e9,
    tdp_watts: 400.0,
};

// NVIDIA A100 Tensor Core GPU datasheet (2021): A100 80GB SXM, bf16 312 TFLOPS dense,
// 2,039 GB/s, 400 W. Plain "A100" maps here because the 80GB SXM part is what current
// training clusters and cloud A100 instances mostly provide; the 40GB part has to be named.
const A100_80GB: AcceleratorSpec = AcceleratorSpec {
    name: "A100-80GB",
    aliases: &["A100", "A100-SXM4-80GB", "A100-80G", "A100-SXM"],
    peak_bf16_flops: 312e12,
    memory_bytes: 80 * GB,
    bandwidth_bytes_per_s: 2_039e9,
    tdp_watts: 400.0,
};

// "NVIDIA H100 Tensor Core GPU Architecture" whitepaper (Hopper, v1.0x), H100 SXM5 table:
// bf16 with fp32 accumulate 989.4 TFLOPS dense; H100 datasheet: 80 GB HBM3, 3.35 TB/s, up to 700 W.
const H100: AcceleratorSpec = AcceleratorSpec {
    name: "H100",
    aliases: &["H100-SXM", "H100 SXM5", "H100-80GB", "H100-SXM5-80GB"],
    peak_bf16_flops: 989.4e12,
    memory_bytes: 80 * GB,
    bandwidth_bytes_per_s: 3_350e9,
    tdp_watts: 700.0,
};

// NVIDIA H200 Tensor Core GPU datasheet (2024), SXM: bf16 1,979 TFLOPS with sparsity,
// so about 989.4 dense (same Hopper die as H100); 141 GB HBM3e, 4.8 TB/s, up to 700 W.
const H200: AcceleratorSpec = AcceleratorSpec {
    name: "H200",
    aliases: &["H200-SXM", "H200-141GB"],
    peak_bf16_flops: 989.4e12,
    memory_bytes: 141 * GB,
    bandwidth_bytes_per_s: 4_800e9,
    tdp_watts: 700.0,
};

// NVIDIA DGX B200 / HGX B200 datasheets (2024): 8 GPUs give 36 PFLOPS bf16 with
// sparsity, so 2.25 PFLOPS dense per GPU; 1,440 GB in total is 180 GB per GPU;
// 8 TB/s per GPU; up to 1,000 W per GPU.
const B200: AcceleratorSpec = AcceleratorSpec {
    name: "B200",
    aliases: &["B200-SXM", "HGX B200"],
    peak_bf16_flops: 2.25e15,
    memory_bytes: 180 * GB,
    bandwidth_bytes_per_s: 8_000e9,
    tdp_watts: 1_000.0,
};

// NVIDIA Tesla V100 GPU datasheet (2020), V100 SXM2 32GB: tensor performance 125 TFLOPS.
// V100 has no bf16; this is its fp16 tensor peak. 900 GB/s, 300 W.
const V100: AcceleratorSpec = AcceleratorSpec {
    name: "V100",
    aliases: &["V100-32GB", "V100-SXM2", "V100 SXM2 32GB", "TESLA V100"],
    peak_bf16_flops: 125e12,
    memory_bytes: 32 * GB,
    bandwidth_bytes_per_s: 900e9,
    tdp_watts: 300.0,
};

// NVIDIA L4 Tensor Core GPU datasheet (2023): bf16 242 TFLOPS with sparsity, so 121
// dense; 24 GB GDDR6, 300 GB/s, 72 W.
const L4: AcceleratorSpec = AcceleratorSpec {
    name: "L4",
    aliases: &["NVIDIA L4", "L4-24GB"],
    peak_bf16_flops: 121e12,
    memory_bytes: 24 * GB,
    bandwidth_bytes_per_s: 300e9,
    tdp_watts: 72.0,
};

// NVIDIA T4 Tensor Core GPU datasheet (2019): mixed precision (fp16/fp32) 65 TFLOPS.
// T4 has no bf16; this is its fp16 tensor peak. 16 GB GDDR6, 320 GB/s, 70 W.
const T4: AcceleratorSpec = AcceleratorSpec {
    name: "T4",
    aliases: &["TESLA T4", "T4-16GB"],
    peak_bf16_flops: 65e12,
    memory_bytes: 16 * GB,
    bandwidth_bytes_per_s: 320e9,
    tdp_watts: 70.0,
};

// "NVIDIA Ada GPU Architecture" whitepaper (v2.1), appendix table for GeForce RTX 4090:
// bf16 tensor with fp32 accumulate 165.2 TFLOPS dense; 24 GB GDDR6X, 1,008 GB/s, 450 W.
const RTX_4090: AcceleratorSpec = AcceleratorSpec {
    name: "RTX 4090",
    aliases: &["4090", "GEFORCE RTX 4090"],
    peak_bf16_flops: 165.2e12,
    memory_bytes: 24 * GB,
    bandwidth_bytes_per_s: 1_008e9,
    tdp_watts: 450.0,
};

// "NVIDIA Ampere GA102 GPU Architecture" whitepaper (v2.0), appendix table for GeForce
// RTX 3090: bf16 tensor with fp32 accumulate 71 TFLOPS dense; 24 GB GDDR6X, 936 GB/s, 350 W.
const RTX_3090: AcceleratorSpec = AcceleratorSpec {
    name: "RTX 3090",
    aliases: &["3090", "GEFORCE RTX 3090"],
    peak_bf16_flops: 71e12,
    memory_bytes: 24 * GB,
    bandwidth_bytes_per_s: 936e9,
    tdp_watts: 350.0,
};

// Apple M2 Max with the 38-core GPU, standing in for "Apple silicon / MPS". Apple's
// M2 Pro and M2 Max press release (January 2023) gives 400 GB/s and up to 96 GB of
// unified memory; we assume the 32 GB base configuration. Apple publishes no FLOPS:
// 38 cores x 128 ALUs x 2 FLOP x 1.398 GHz = 13.6 TFLOPS fp32, and the GPU runs fp16
// at the fp32 rate. Apple publishes no TDP either: 90 W for the package is an assumption.
const APPLE_M2_MAX: AcceleratorSpec = AcceleratorSpec {
    name: "APPLE-M2-MAX",
    aliases: &[
        "MPS",
        "M2 MAX",
        "APPLE SILICON",
        "APPLE",
        "M-SERIES",
        "METAL",
    ],
    peak_bf16_flops: 13.6e12,
    memory_bytes: 32 * GB,
    bandwidth_bytes_per_s: 400e9,
    tdp_watts: 90.0,
};

// A typical server socket: Intel Xeon Platinum 8480+ (Sapphire Rapids, 56 cores), Intel
// product specification: 2.0 GHz base, 350 W, 8 channels of DDR5-4800 (8 x 38.4 GB/s =
// 307.2 GB/s). Peak assumes AVX-512 FMA (Intel optimization reference manual: two 16-lane
// fp32 FMA units per core, 64 FLOP/cycle): 56 x 64 x 2.0e9 = 7.17 TFLOPS. AMX tiles are
// faster on paper but most framework kernels do not use them, so we do not count them.
// 256 GB of DRAM per socket is an assumption.
const CPU: AcceleratorSpec = AcceleratorSpec {
    name: "CPU",
    aliases: &["X86", "XEON", "SERVER CPU", "EPYC"],
    peak_bf16_flops: 7.168e12,
    memory_bytes: 256 * GB,
    bandwidth_bytes_per_s: 307.2e9,
    tdp_watts: 350.0,
};

// NVIDIA Jetson AGX Orin Series technical brief (64 GB module): the GPU gives 170 sparse
// INT8 TOPS, so about 42.5 TFLOPS dense fp16 (a quarter); 64 GB LPDDR5, 204.8 GB/s,
// 15-60 W, and we take the 60 W mode.
const JETSON_AGX_ORIN: AcceleratorSpec = AcceleratorSpec {
    name: "JETSON-AGX-ORIN",
    aliases: &["ORIN", "JETSON ORIN", "AGX ORIN", "JETSON"],
    peak_bf16_flops: 42.5e12,
    memory_bytes: 64 * GB,
    bandwidth_bytes_per_s: 204.8e9,
    tdp_watts: 60.0,
};

// A flagship 2023 phone NPU, modelled on the Apple A17 Pro: Apple's iPhone 15 Pro press
// release (September 2023) gives 35 TOPS for the Neural Engine. We assume those are INT8
// operations and that fp16 runs at half that rate (17.5 TFLOPS), 8 GB of LPDDR5 on a
// 64-bit LPDDR5-6400 bus (JEDEC JESD209-5: 51.2 GB/s) and a 5 W sustained power budget.
const PHONE_NPU: AcceleratorSpec = AcceleratorSpec {
    name: "PHONE-NPU",
    aliases: &["NPU", "MOBILE NPU", "ANE", "NEURAL ENGINE", "PHONE"],
    peak_bf16_flops: 17.5e12,
    memory_bytes: 8 * GB,
    bandwidth_bytes_per_s: 51.2e9,
    tdp_watts: 5.0,
};

/// Every accelerator MetaGen knows, in the order reports list them.
pub static ACCELERATORS: &[AcceleratorSpec] = &[
    A100_40GB,
    A100_80GB,
    H100,
    H200,
    B200,
    V100,
    L4,
    T4,
    RTX_4090,
    RTX_3090,
    APPLE_M2_MAX,
    CPU,
    JETSON_AGX_ORIN,
    PHONE_NPU,
];

/// The device assumed when the spec names an accelerator we do not know.
pub fn fallback_accelerator() -> &'static AcceleratorSpec {
    &H100
}

/// Upper-cases and drops spaces, dashes and underscores, so "rtx_4090" matches "RTX 4090".
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Finds an accelerator by name or alias, ignoring case, spaces, dashes and underscores.
pub fn lookup_accelerator(name: &str) -> Option<&'static AcceleratorSpec> {
    let wanted = squash(name);
    if wanted.is_empty() {
        return None;
    }
    ACCELERATORS.iter().find(|spec| {
        squash(spec.name) == wanted || spec.aliases.iter().any(|alias| squash(alias) == wanted)
    })
}

/// Canonical names of all known accelerators, for warnings and documentation.
pub fn accelerator_names() -> Vec<&'static str> {
    ACCELERATORS.iter().map(|spec| spec.name).collect()
}

/// The class of device a model is meant to run on (the spec's `constraints.device`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DeviceClass {
    Cpu,
    Edge,
    Mobile,
    ConsumerGpu,
    WorkstationGpu,
    DatacenterGpu,
    AppleSilicon,
}

impl DeviceClass {
    /// All classes, for tables and exhaustive tests.
    pub const ALL: [DeviceClass; 7] = [
        DeviceClass::Cpu,
        DeviceClass::Edge,
        DeviceClass::Mobile,
        DeviceClass::ConsumerGpu,
        DeviceClass::WorkstationGpu,
        DeviceClass::DatacenterGpu,
        DeviceClass::AppleSilicon,
    ];

    /// The one accelerator whose figures stand in for the whole class in inference estimates.
    ///
    /// Workstation GPUs map to the L4: its 24 GB and 300 GB/s are the low end of
    /// workstation cards (RTX A4000 to RTX 6000 Ada), so a model that fits and runs fast
    /// enough there will on the rest of the class, and its figures are well documented.
    pub fn reference_accelerator(self) -> &'static AcceleratorSpec {
        match self {
            DeviceClass::Cpu => &CPU,
            DeviceClass::Edge => &JETSON_AGX_ORIN,
            DeviceClass::Mobile => &PHONE_NPU,
            DeviceClass::ConsumerGpu => &RTX_4090,
            DeviceClass::WorkstationGpu => &L4,
            DeviceClass::DatacenterGpu => &H100,
            DeviceClass::AppleSilicon => &APPLE_M2_MAX,
        }
    }

    /// Words for sentences, such as "consumer GPU".
    pub fn label(self) -> &'static str {
        match self {
            DeviceClass::Cpu => "CPU",
            DeviceClass::Edge => "edge",
            DeviceClass::Mobile => "mobile",
            DeviceClass::ConsumerGpu => "consumer GPU",
            DeviceClass::WorkstationGpu => "workstation GPU",
            DeviceClass::DatacenterGpu => "datacenter GPU",
            DeviceClass::AppleSilicon => "Apple silicon",
        }
    }
}

/// How quickly each request (or each generated token or frame) must be answered.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum LatencyClass {
    RealTime,
    NearRealTime,
    Interactive,
    Batch,
    Offline,
}

impl LatencyClass {
    /// All classes, for tables and exhaustive tests.
    pub const ALL: [LatencyClass; 5] = [
        LatencyClass::RealTime,
        LatencyClass::NearRealTime,
        LatencyClass::Interactive,
        LatencyClass::Batch,
        LatencyClass::Offline,
    ];

    /// Latency target per frame or generated token (per request for non-generative models).
    ///
    /// Real time is one frame at 30 fps (33 ms); near real time is 100 ms, about where
    /// people stop perceiving a response as instant; interactive is 1 s, about where they
    /// stay focused. Batch and offline work has no per-request target.
    pub fn budget_seconds(self) -> Option<f64> {
        match self {
            LatencyClass::RealTime => Some(0.033),
            LatencyClass::NearRealTime => Some(0.1),
            LatencyClass::Interactive => Some(1.0),
            LatencyClass::Batch | LatencyClass::Offline => None,
        }
    }

    /// Device classes that typically sustain this latency class for a model sized for them.
    ///
    /// The feasibility check still compares the model's own latency estimate with the
    /// budget; this table only flags pairings that are unusual even when the numbers fit,
    /// such as real-time work on a general-purpose CPU, which shares its cores with the OS.
    pub fn typical_devices(self) -> &'static [DeviceClass] {
        match self {
            LatencyClass::RealTime => &[
                DeviceClass::Edge,
                DeviceClass::Mobile,
                DeviceClass::ConsumerGpu,
                DeviceClass::WorkstationGpu,
                DeviceClass::DatacenterGpu,
                DeviceClass::AppleSilicon,
            ],
            LatencyClass::NearRealTime
            | LatencyClass::Interactive
            | LatencyClass::Batch
            | LatencyClass::Offline => &DeviceClass::ALL,
        }
    }

    /// Words for sentences, such as "near-real-time".
    pub fn label(self) -> &'static str {
        match self {
            LatencyClass::RealTime => "real-time",
            LatencyClass::NearRealTime => "near-real-time",
            LatencyClass::Interactive => "interactive",
            LatencyClass::Batch => "batch",
            LatencyClass::Offline => "offline",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tolerates_case_spaces_dashes_and_underscores() {
        let rows: &[(&str, &str)] = &[
            ("H100", "H100"),
            ("h100", "H100"),
            ("h100-sxm", "H100"),
            ("A100", "A100-80GB"),
            ("a100_80gb", "A100-80GB"),
            ("A100 40GB", "A100-40GB"),
            ("a100-40gb", "A100-40GB"),
            ("rtx4090", "RTX 4090"),
            ("RTX 4090", "RTX 4090"),
            ("rtx-3090", "RTX 3090"),
            ("mps", "APPLE-M2-MAX"),
            ("cpu", "CPU"),
            ("Jetson Orin", "JETSON-AGX-ORIN"),
            ("npu", "PHONE-NPU"),
            ("t4", "T4"),
            ("L4", "L4"),
            ("v100", "V100"),
            ("H200", "H200"),
            ("b200", "B200"),
        ];
        for (input, expected) in rows {
            let found = lookup_accelerator(input).map(|spec| spec.name);
            assert_eq!(found, Some(*expected), "lookup of {input:?}");
        }
    }

    #[test]
    fn unknown_and_empty_names_are_not_found() {
        for input in ["X100", "", "   ", "--", "H1000", "A10"] {
            assert!(lookup_accelerator(input).is_none(), "{input:?}");
        }
    }

    #[test]
    fn names_and_aliases_are_unique_after_squashing() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in ACCELERATORS {
            for name in std::iter::once(&spec.name).chain(spec.aliases.iter()) {
                assert!(seen.insert(squash(name)), "duplicate name {name}");
            }
        }
        assert_eq!(accelerator_names().len(), ACCELERATORS.len());
    }

    #[test]
    fn figures_are_positive_and_finite() {
        for spec in ACCELERATORS {
            assert!(spec.peak_bf16_flops.is_finite() && spec.peak_bf16_flops > 0.0);
            assert!(spec.bandwidth_bytes_per_s.is_finite() && spec.bandwidth_bytes_per_s > 0.0);
            assert!(spec.tdp_watts.is_finite() && spec.tdp_watts > 0.0);
            assert!(spec.memory_bytes > 0);
        }
    }

    #[test]
    fn reference_accelerators_are_table_entries() {
        let expected = [
            (DeviceClass::Cpu, "CPU"),
            (DeviceClass::Edge, "JETSON-AGX-ORIN"),
            (DeviceClass::Mobile, "PHONE-NPU"),
            (DeviceClass::ConsumerGpu, "RTX 4090"),
            (DeviceClass::WorkstationGpu, "L4"),
            (DeviceClass::DatacenterGpu, "H100"),
            (DeviceClass::AppleSilicon, "APPLE-M2-MAX"),
        ];
        for (class, name) in expected {
            let spec = class.reference_accelerator();
            assert_eq!(spec.name, name);
            assert_eq!(lookup_accelerator(name), Some(spec));
        }
        assert_eq!(fallback_accelerator().name, "H100");
    }

    #[test]
    fn latency_budgets_follow_the_documented_targets() {
        assert_eq!(LatencyClass::RealTime.budget_seconds(), Some(0.033));
        assert_eq!(LatencyClass::NearRealTime.budget_seconds(), Some(0.1));
        assert_eq!(LatencyClass::Interactive.budget_seconds(), Some(1.0));
        assert_eq!(LatencyClass::Batch.budget_seconds(), None);
        assert_eq!(LatencyClass::Offline.budget_seconds(), None);
        assert!(
            !LatencyClass::RealTime
                .typical_devices()
                .contains(&DeviceClass::Cpu)
        );
        for class in LatencyClass::ALL {
            assert!(
                class
                    .typical_devices()
                    .contains(&DeviceClass::DatacenterGpu)
            );
        }
    }

    #[test]
    fn classes_serialize_in_snake_case() {
        let json = serde_json::to_string(&[DeviceClass::ConsumerGpu, DeviceClass::AppleSilicon])
            .unwrap_or_default();
        assert_eq!(json, r#"["consumer_gpu","apple_silicon"]"#);
        let json = serde_json::to_string(&LatencyClass::NearRealTime).unwrap_or_default();
        assert_eq!(json, r#""near_real_time""#);
    }
}
