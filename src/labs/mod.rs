//! Beyond the seed: the scaling lab and the attack lab, driven through the real route handler.
