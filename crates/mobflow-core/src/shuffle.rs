//! A shuffle of `n` places from a seed: the caller brings the randomness (the core reads no
//! clock and no random source), and the same seed always gives the same order.

/// SplitMix64: small, fast and well mixed; plenty for putting a handful of people in order.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0), without modulo bias.
    fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let x = self.next();
            if x < zone {
                return x % bound;
            }
        }
    }
}

/// How many draws may come out as the order it was before being drawn again.
const REDRAWS: usize = 32;

/// A permutation of `0..n` from `seed`: `order[i]` is the old place of whoever is `i`-th now.
/// With two or more places it is never the order as it was, so a shuffle always changes
/// something: a draw that leaves everyone in place is drawn again, and in the (vanishingly
/// unlikely) case that [`REDRAWS`] draws all do, everyone moves one place down.
pub fn permutation(n: usize, seed: u32) -> Vec<usize> {
    let mut rng = SplitMix64(u64::from(seed));
    let identity: Vec<usize> = (0..n).collect();
    if n < 2 {
        return identity;
    }
    for _ in 0..REDRAWS {
        let mut order = identity.clone();
        // Fisher–Yates.
        for i in (1..n).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            order.swap(i, j);
        }
        if order != identity {
            return order;
        }
    }
    (1..n).chain(std::iter::once(0)).collect()
}
