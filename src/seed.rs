//! Seed derivation and per-artifact random streams.
//!
//! The resolved seed is `(base_seed + u32_be(sha256(jcs(resolved_spec))[0..4]))
//! mod (2^31 - 1)`, where `jcs` is the RFC 8785 canonical JSON form. Each
//! artifact then draws from its own ChaCha8 stream, keyed by the resolved seed
//! and the artifact's name, so adding draws to one artifact never shifts the
//! numbers of another.

use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;
use sha2::{Digest, Sha256};

/// The modulus of resolved seeds: the Mersenne prime 2^31 - 1.
pub const SEED_MODULUS: u64 = (1 << 31) - 1;

/// SHA-256 of the RFC 8785 canonical JSON form of a serialisable value.
pub fn canonical_hash<T: serde::Serialize>(value: &T) -> Result<[u8; 32], String> {
    let canonical = serde_jcs::to_string(value).map_err(|e| e.to_string())?;
    Ok(Sha256::digest(canonical.as_bytes()).into())
}

/// Combines a base seed with a spec hash.
pub fn resolve_seed(base_seed: u64, spec_hash: &[u8; 32]) -> u64 {
    let prefix = u32::from_be_bytes([spec_hash[0], spec_hash[1], spec_hash[2], spec_hash[3]]);
    ((u128::from(base_seed) + u128::from(prefix)) % u128::from(SEED_MODULUS)) as u64
}

/// The random stream of one artifact, e.g. `stream(seed, "benchmarks")`.
pub fn stream(resolved_seed: u64, artifact: &str) -> ChaCha8Rng {
    let mut hasher = Sha256::new();
    hasher.update(resolved_seed.to_be_bytes());
    hasher.update(b"/");
    hasher.update(artifact.as_bytes());
    ChaCha8Rng::from_seed(hasher.finalize().into())
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::RngCore;

    #[test]
    fn resolve_seed_wraps_modulo_mersenne_prime() {
        let hash = {
            let mut h = [0u8; 32];
            h[..4].copy_from_slice(&0xFFFF_FFFFu32.to_be_bytes());
            h
        };
        // 42 + 4294967295 = 4294967337; minus 2 * 2147483647 = 43.
        assert_eq!(resolve_seed(42, &hash), 43);
        assert_eq!(resolve_seed(0, &[0; 32]), 0);
        assert_eq!(resolve_seed(u64::MAX, &[0; 32]), u64::MAX % SEED_MODULUS);
    }

    #[test]
    fn canonical_hash_ignores_key_order() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":[1,2]}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"a":[1,2],"b":1}"#).unwrap();
        assert_eq!(canonical_hash(&a).unwrap(), canonical_hash(&b).unwrap());
        // RFC 8785 canonical text of that value, hashed independently.
        let expected = Sha256::digest(br#"{"a":[1,2],"b":1}"#);
        assert_eq!(canonical_hash(&a).unwrap().as_slice(), expected.as_slice());
    }

    #[test]
    fn streams_are_independent_and_repeatable() {
        let mut a1 = stream(7, "benchmarks");
        let mut a2 = stream(7, "benchmarks");
        let mut b = stream(7, "ablations");
        let x = a1.next_u64();
        assert_eq!(x, a2.next_u64());
        assert_ne!(x, b.next_u64());
    }

    #[test]
    fn sha256_hex_matches_known_vector() {
        // FIPS 180-2 test vector for "abc".
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
