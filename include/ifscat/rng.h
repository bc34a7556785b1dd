/* ifscat/rng.h: the project's fast, seeded, reproducible uniform random numbers for inner loops
 * (the MCMC sampler draws three per proposal, about 10^8 per cube): xoshiro256+ seeded through
 * splitmix64, inline.  Independent streams (one per region) come from (seed, stream) pairs, so a
 * result does not depend on how work is split across threads. */
#ifndef IFSCAT_RNG_H
#define IFSCAT_RNG_H

#include <stdint.h>

typedef struct ifs_rng {
    uint64_t s[4];
} ifs_rng;

/* splitmix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
 * OOPSLA; constants from Vigna's reference code, https://prng.di.unimi.it/splitmix64.c): the
 * seeding generator recommended by Blackman & Vigna for xoshiro's 256-bit state. */
static inline uint64_t ifs_rng_splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seeds stream `stream` of seed `seed`: the splitmix64 sequence started at seed, advanced by the
 * stream number mixed through splitmix64 itself, fills the state (never all zero). */
static inline void ifs_rng_seed(ifs_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t mix = stream;
    uint64_t x = seed ^ ifs_rng_splitmix64(&mix);
    for (int i = 0; i < 4; i++)
        r->s[i] = ifs_rng_splitmix64(&x);
}

static inline uint64_t ifs_rng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* xoshiro256+ (Blackman & Vigna 2021, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 47, 36, section 4; reference code https://prng.di.unimi.it/xoshiro256plus.c): period
 * 2^256 - 1; its upper 53 bits, used here for doubles, pass BigCrush (the low bits are weaker and
 * are discarded). */
static inline uint64_t ifs_rng_next(ifs_rng *r)
{
    uint64_t *s = r->s;
    const uint64_t result = s[0] + s[3];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = ifs_rng_rotl(s[3], 45);
    return result;
}

/* Uniform double in [0, 1) with 53 random bits (the construction of the reference code). */
static inline double ifs_rng_uniform(ifs_rng *r)
{
    return (double)(ifs_rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n >= 1, by Lemire's multiply-shift (ACM TOMACS 29, 3, 2019); the
 * bias, below n / 2^32 for n < 2^32, is negligible for the ensemble sizes used here. */
static inline uint32_t ifs_rng_below(ifs_rng *r, uint32_t n)
{
    return (uint32_t)(((ifs_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

#endif
