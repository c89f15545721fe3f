//! Feature hashing: every feature is a template id and a few values mixed
//! into one `u64` (FxHash's multiply-rotate step, then a finaliser so the
//! low bits index hash tables well). Strings are hashed without allocating.

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes `v` into the running hash `h`.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// MurmurHash3's 64-bit finaliser.
#[inline]
pub fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Feature of template `t` over two values.
#[inline]
pub fn f2(t: u64, a: u64, b: u64) -> u64 {
    finish(mix(mix(mix(0, t), a), b))
}

/// Feature of template `t` over three values.
#[inline]
pub fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(mix(0, t), a), b), c))
}

/// Feature of template `t` over one value.
#[inline]
pub fn f1(t: u64, a: u64) -> u64 {
    finish(mix(mix(0, t), a))
}

/// Hash of a sequence of chars.
#[inline]
pub fn chars(it: impl Iterator<Item = char>) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15;
    for c in it {
        h = mix(h, u64::from(u32::from(c)));
    }
    finish(h)
}

/// Hash of a string's exact characters.
pub fn string(s: &str) -> u64 {
    chars(s.chars())
}

/// Word normalised for lexical features: lower case, digits as `0`.
#[inline]
pub fn norm_char(c: char) -> char {
    if c.is_ascii_digit() {
        '0'
    } else if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Hash of a word normalised by [`norm_char`].
pub fn norm(s: &str) -> u64 {
    chars(s.chars().map(norm_char))
}
