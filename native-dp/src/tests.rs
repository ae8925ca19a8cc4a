use super::*;

fn err_buf() -> Vec<u8> {
    vec![0u8; 256]
}

fn message(buf: &[u8]) -> String {
    let n = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

fn call_counts(scale: f64, values: &[i64], out_cap: usize) -> (i32, Vec<i64>, String) {
    let mut out = vec![0i64; out_cap];
    let mut err = err_buf();
    let code = lkdp_gaussian_counts(
        scale,
        values.as_ptr(),
        values.len(),
        out.as_mut_ptr(),
        out_cap,
        err.as_mut_ptr(),
        err.len(),
    );
    (code, out, message(&err))
}

#[test]
fn version_names_opendp() {
    let mut dst = vec![0u8; 64];
    let mut err = err_buf();
    assert_eq!(
        lkdp_version(dst.as_mut_ptr(), dst.len(), err.as_mut_ptr(), err.len()),
        OK
    );
    assert!(message(&dst).contains("opendp 0.16.0"));
    assert_eq!(lkdp_abi_version(), ABI_VERSION);
}

#[test]
fn version_into_a_small_buffer_is_an_error() {
    let mut dst = vec![0u8; 4];
    let mut err = err_buf();
    let code = lkdp_version(dst.as_mut_ptr(), dst.len(), err.as_mut_ptr(), err.len());
    assert_eq!(code, ERR_INVALID_ARGUMENT);
    assert!(message(&err).contains("version buffer needs"));
}

#[test]
fn noise_is_unbiased_and_has_the_mechanism_spread() {
    // 40,000 draws at scale 3: the mean's standard error is about 0.015 and the sample
    // variance's about 9 * sqrt(2 / 40,000) = 0.064, so 6 standard errors fail by chance with
    // probability below 1e-8.
    let scale = 3.0;
    let n = 40_000;
    let noisy = noisy_counts(scale, &vec![100i64; n]).unwrap();
    let mean = noisy.iter().map(|&v| v as f64).sum::<f64>() / n as f64;
    let var = noisy
        .iter()
        .map(|&v| (v as f64 - mean).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    assert!(
        (mean - 100.0).abs() < 6.0 * (scale * scale / n as f64).sqrt(),
        "mean {mean}"
    );
    // The discrete Gaussian's variance is slightly below scale² (within 1e-6 at scale 3).
    let se_var = scale * scale * (2.0 / n as f64).sqrt();
    assert!((var - scale * scale).abs() < 6.0 * se_var, "variance {var}");
}

#[test]
fn counts_saturate_instead_of_overflowing() {
    let (code, out, msg) = call_counts(5.0, &[i64::MAX, i64::MIN], 2);
    assert_eq!(code, OK, "{msg}");
    assert!(out[0] > i64::MAX - 100);
    assert!(out[1] < i64::MIN + 100);
}

#[test]
fn extreme_accepted_scales_answer_quickly() {
    for scale in [MIN_SCALE, MAX_SCALE] {
        assert_eq!(noisy_counts(scale, &[0; 100]).unwrap().len(), 100);
        assert!(accuracy(scale, 1e-9).unwrap() >= 1.0);
        assert!(rho(scale, MAX_SENSITIVITY).unwrap() > 0.0);
    }
}

#[test]
fn rho_follows_the_zcdp_formula() {
    // ρ = (Δ₂ / σ)² / 2
    let r = rho(4.0, 2.0).unwrap();
    assert!((r - 0.125).abs() < 1e-12, "{r}");
    assert_eq!(rho(4.0, 0.0).unwrap(), 0.0);
}

#[test]
fn accuracy_covers_the_requested_mass() {
    // P(|Z| <= a - 1) >= 0.95 for Z ~ N_Z(0, 10²), and a - 1 is the smallest such bound: the
    // continuous value is 1.96 * 10 = 19.6, the discrete one rounds up to 20, so a = 21.
    let a = accuracy(10.0, 0.05).unwrap();
    assert_eq!(a, 21.0);
}

#[test]
fn bad_parameters_are_clear_errors() {
    for scale in [
        0.0,
        -1.0,
        1e-3,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1e300,
        2e6,
    ] {
        let (code, _, msg) = call_counts(scale, &[1, 2, 3], 3);
        assert_eq!(code, ERR_INVALID_ARGUMENT, "scale {scale}");
        assert!(msg.contains("noise scale"), "{msg}");
    }
    assert_eq!(rho(1.0, -1.0).unwrap_err().0, ERR_INVALID_ARGUMENT);
    assert_eq!(rho(1.0, f64::NAN).unwrap_err().0, ERR_INVALID_ARGUMENT);
    for alpha in [0.0, 1.0, -0.5, f64::NAN, 2.0] {
        assert_eq!(
            accuracy(1.0, alpha).unwrap_err().0,
            ERR_INVALID_ARGUMENT,
            "alpha {alpha}"
        );
    }
}

#[test]
fn bad_lengths_and_null_pointers_are_clear_errors() {
    let (code, _, msg) = call_counts(1.0, &[1, 2, 3], 2);
    assert_eq!(code, ERR_INVALID_ARGUMENT);
    assert!(msg.contains("output holds 2 counts, 3 needed"), "{msg}");

    let mut err = err_buf();
    let mut out = [0i64; 4];
    let code = lkdp_gaussian_counts(
        1.0,
        std::ptr::null(),
        4,
        out.as_mut_ptr(),
        4,
        err.as_mut_ptr(),
        err.len(),
    );
    assert_eq!(code, ERR_INVALID_ARGUMENT);
    let code = lkdp_gaussian_counts(
        1.0,
        out.as_ptr(),
        usize::MAX,
        out.as_mut_ptr(),
        usize::MAX,
        err.as_mut_ptr(),
        err.len(),
    );
    assert_eq!(code, ERR_INVALID_ARGUMENT);
    assert!(message(&err).contains("at most"));
    // Zero counts need no pointers at all.
    let code = lkdp_gaussian_counts(
        1.0,
        std::ptr::null(),
        0,
        std::ptr::null_mut(),
        0,
        err.as_mut_ptr(),
        err.len(),
    );
    assert_eq!(code, OK);
    // Null outputs of the scalar calls.
    assert_eq!(
        lkdp_gaussian_rho(1.0, 1.0, std::ptr::null_mut(), err.as_mut_ptr(), err.len()),
        ERR_INVALID_ARGUMENT
    );
    assert_eq!(
        lkdp_gaussian_accuracy(1.0, 0.05, std::ptr::null_mut(), err.as_mut_ptr(), err.len()),
        ERR_INVALID_ARGUMENT
    );
}

#[test]
fn messages_fit_any_error_buffer() {
    for cap in [0usize, 1, 2, 7] {
        let mut err = vec![0xAAu8; cap + 1];
        let mut out = [0i64; 1];
        let ptr = if cap == 0 {
            std::ptr::null_mut()
        } else {
            err.as_mut_ptr()
        };
        let code = lkdp_gaussian_counts(-1.0, out.as_ptr(), 1, out.as_mut_ptr(), 1, ptr, cap);
        assert_eq!(code, ERR_INVALID_ARGUMENT);
        if cap > 0 {
            assert_eq!(
                err[..cap].iter().filter(|&&b| b == 0).count(),
                1,
                "one NUL within {cap}"
            );
        }
        assert_eq!(err[cap], 0xAA, "nothing written past {cap} bytes");
    }
}

#[test]
fn a_panic_becomes_an_error_code() {
    let mut err = err_buf();
    assert_eq!(lkdp_debug_panic(err.as_mut_ptr(), err.len()), ERR_PANIC);
    assert!(message(&err).contains("panic requested"));
}

/// Random parameters from a fixed-seed generator, including extremes: every call returns a
/// status code (never panics through the ABI), and OK results have the requested length.
#[test]
fn random_parameters_never_crash() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let specials = [
        0.0,
        -0.0,
        1e-300,
        1e-9,
        0.01,
        0.5,
        1.0,
        1e6,
        1e9,
        1e12,
        f64::NAN,
        f64::INFINITY,
        -3.0,
    ];
    for _ in 0..400 {
        let scale = if next() % 3 == 0 {
            specials[(next() % specials.len() as u64) as usize]
        } else {
            f64::from_bits(next())
        };
        let n = (next() % 6) as usize;
        let values: Vec<i64> = (0..n).map(|_| next() as i64).collect();
        let out_cap = if next() % 5 == 0 {
            n.saturating_sub(1)
        } else {
            n
        };
        let (code, out, msg) = call_counts(scale, &values, out_cap);
        assert!(
            matches!(code, OK | ERR_INVALID_ARGUMENT | ERR_LIBRARY),
            "code {code}: {msg}"
        );
        if code == OK {
            assert_eq!(out.len(), n);
        } else {
            assert!(!msg.is_empty());
        }
        let sens = f64::from_bits(next());
        let mut r = 0.0;
        let mut err = err_buf();
        let code = lkdp_gaussian_rho(scale, sens, &mut r, err.as_mut_ptr(), err.len());
        assert!(
            matches!(code, OK | ERR_INVALID_ARGUMENT | ERR_LIBRARY),
            "rho code {code}"
        );
        let alpha = f64::from_bits(next());
        let code = lkdp_gaussian_accuracy(scale, alpha, &mut r, err.as_mut_ptr(), err.len());
        assert!(
            matches!(code, OK | ERR_INVALID_ARGUMENT | ERR_LIBRARY),
            "accuracy code {code}"
        );
    }
}
