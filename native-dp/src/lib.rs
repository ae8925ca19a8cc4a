//! Differential-privacy noise and accounting for Lockerism, through OpenDP.
//!
//! The Java app loads this cdylib with JNA (io.lockerism.engine.DpNoise). The C ABI follows the
//! Go engine's rules: every export returns a status code and, when it is not zero, writes a
//! NUL-terminated message into the caller's buffer; every pointer/length pair is checked; a
//! panic is caught at the boundary and becomes an error code, never unwinding into the JVM.
//! The library keeps no state, so every export is safe to call from many threads at once.
//!
//! Only OpenDP draws noise and computes privacy losses and accuracies: hand-written samplers
//! (floating-point Laplace in particular) are a known attack surface.

use std::panic::{catch_unwind, AssertUnwindSafe};

use opendp::accuracy::discrete_gaussian_scale_to_accuracy;
use opendp::domains::{AtomDomain, VectorDomain};
use opendp::measurements::make_gaussian;
use opendp::measures::ZeroConcentratedDivergence;
use opendp::metrics::L2Distance;

/// Bumped whenever an export's signature or meaning changes; Java refuses another version.
pub const ABI_VERSION: i32 = 1;

pub const OK: i32 = 0;
/// A caller error: a null pointer, a bad length, a parameter out of range.
pub const ERR_INVALID_ARGUMENT: i32 = 1;
/// OpenDP refused or failed (e.g. a scale it cannot represent).
pub const ERR_LIBRARY: i32 = 2;
/// A panic inside the library, caught at the boundary.
pub const ERR_PANIC: i32 = 3;

/// Most counts one call may noise; the app releases at most one value per catalog profile.
pub const MAX_COUNTS: usize = 10_000_000;
/// Smallest noise scale accepted: below it the noise is almost always zero, and OpenDP's exact
/// rational sampling slows down without bound as the scale shrinks.
pub const MIN_SCALE: f64 = 1.0e-2;
/// Largest noise scale accepted: far above any useful release; OpenDP's accuracy walks the
/// mass function one integer at a time, so it must stay bounded.
pub const MAX_SCALE: f64 = 1.0e6;
/// Largest sensitivity accepted by the privacy map.
pub const MAX_SENSITIVITY: f64 = 1.0e9;

type Failure = (i32, String);

fn invalid(msg: impl Into<String>) -> Failure {
    (ERR_INVALID_ARGUMENT, msg.into())
}

static QUIET_PANICS: std::sync::Once = std::sync::Once::new();

/// Runs `f` and turns its result, or a panic, into a status code plus message.
fn guarded(err: *mut u8, err_cap: usize, f: impl FnOnce() -> Result<(), Failure>) -> i32 {
    // A panic's message reaches the caller through `err`; the default hook would also print it
    // (with a backtrace) to the JVM's stderr, outside the app's logging.
    QUIET_PANICS.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let outcome = catch_unwind(AssertUnwindSafe(f));
    let (code, msg) = match outcome {
        Ok(Ok(())) => return OK,
        Ok(Err((code, msg))) => (code, msg),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            (
                ERR_PANIC,
                format!("internal error in the DP library: {what}"),
            )
        }
    };
    write_message(err, err_cap, &msg);
    code
}

/// Copies `msg` as a NUL-terminated string, truncated to the buffer (on a UTF-8 boundary).
fn write_message(dst: *mut u8, cap: usize, msg: &str) {
    if dst.is_null() || cap == 0 {
        return;
    }
    let mut n = msg.len().min(cap - 1);
    while n > 0 && !msg.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: the caller promises dst points to at least cap writable bytes; n < cap.
    unsafe {
        std::ptr::copy_nonoverlapping(msg.as_ptr(), dst, n);
        *dst.add(n) = 0;
    }
}

fn check_scale(scale: f64) -> Result<(), Failure> {
    if !scale.is_finite() || scale < MIN_SCALE || scale > MAX_SCALE {
        return Err(invalid(format!(
            "noise scale must be a finite number in [{MIN_SCALE:e}, {MAX_SCALE:e}], got {scale}"
        )));
    }
    Ok(())
}

fn library(e: opendp::error::Error) -> Failure {
    (ERR_LIBRARY, format!("OpenDP: {}", e.variant_message()))
}

trait VariantMessage {
    fn variant_message(&self) -> String;
}

impl VariantMessage for opendp::error::Error {
    fn variant_message(&self) -> String {
        match &self.message {
            Some(m) => format!("{:?}: {m}", self.variant),
            None => format!("{:?}", self.variant),
        }
    }
}

/// The discrete Gaussian mechanism over a vector of integer counts, as OpenDP builds it.
fn gaussian(
    scale: f64,
    n: usize,
) -> Result<
    opendp::core::Measurement<
        VectorDomain<AtomDomain<i64>>,
        L2Distance<f64>,
        ZeroConcentratedDivergence,
        Vec<i64>,
    >,
    Failure,
> {
    check_scale(scale)?;
    let domain = VectorDomain::new(AtomDomain::<i64>::default()).with_size(n);
    make_gaussian::<_, _, ZeroConcentratedDivergence>(
        domain,
        L2Distance::<f64>::default(),
        scale,
        None,
    )
    .map_err(library)
}

/// Safe core of [`lkdp_gaussian_counts`], also used by the Rust tests.
pub fn noisy_counts(scale: f64, values: &[i64]) -> Result<Vec<i64>, Failure> {
    if values.len() > MAX_COUNTS {
        return Err(invalid(format!(
            "at most {MAX_COUNTS} counts per call, got {}",
            values.len()
        )));
    }
    gaussian(scale, values.len())?
        .invoke(&values.to_vec())
        .map_err(library)
}

/// Safe core of [`lkdp_gaussian_rho`].
pub fn rho(scale: f64, l2_sensitivity: f64) -> Result<f64, Failure> {
    if !l2_sensitivity.is_finite() || l2_sensitivity < 0.0 || l2_sensitivity > MAX_SENSITIVITY {
        return Err(invalid(format!(
            "sensitivity must be a finite number in [0, {MAX_SENSITIVITY:e}], got {l2_sensitivity}"
        )));
    }
    gaussian(scale, 1)?.map(&l2_sensitivity).map_err(library)
}

/// Safe core of [`lkdp_gaussian_accuracy`].
pub fn accuracy(scale: f64, alpha: f64) -> Result<f64, Failure> {
    check_scale(scale)?;
    if !alpha.is_finite() || alpha <= 0.0 || alpha >= 1.0 {
        return Err(invalid(format!("alpha must be in (0, 1), got {alpha}")));
    }
    discrete_gaussian_scale_to_accuracy(scale, alpha).map_err(library)
}

#[no_mangle]
pub extern "C" fn lkdp_abi_version() -> i32 {
    ABI_VERSION
}

/// Writes "lockerism-dp <version> (opendp 0.16.0)" into dst.
#[no_mangle]
pub extern "C" fn lkdp_version(dst: *mut u8, dst_cap: usize, err: *mut u8, err_cap: usize) -> i32 {
    guarded(err, err_cap, || {
        if dst.is_null() || dst_cap < 2 {
            return Err(invalid("version buffer is null or too small"));
        }
        let v = concat!(
            "lockerism-dp ",
            env!("CARGO_PKG_VERSION"),
            " (opendp 0.16.0)"
        );
        if v.len() >= dst_cap {
            return Err(invalid(format!(
                "version buffer needs {} bytes",
                v.len() + 1
            )));
        }
        write_message(dst, dst_cap, v);
        Ok(())
    })
}

/// out[i] = values[i] + Z_i, with Z_i independent discrete Gaussian N_Z(0, scale²) noise drawn
/// by OpenDP (results saturate at the i64 range). `out_cap` must be at least `n`.
#[no_mangle]
pub extern "C" fn lkdp_gaussian_counts(
    scale: f64,
    values: *const i64,
    n: usize,
    out: *mut i64,
    out_cap: usize,
    err: *mut u8,
    err_cap: usize,
) -> i32 {
    guarded(err, err_cap, || {
        if n > MAX_COUNTS {
            return Err(invalid(format!(
                "at most {MAX_COUNTS} counts per call, got {n}"
            )));
        }
        if out_cap < n {
            return Err(invalid(format!(
                "output holds {out_cap} counts, {n} needed"
            )));
        }
        if n > 0 && (values.is_null() || out.is_null()) {
            return Err(invalid("values or output is null"));
        }
        let input: &[i64] = if n == 0 {
            &[]
        } else {
            // SAFETY: non-null and the caller promises n readable values.
            unsafe { std::slice::from_raw_parts(values, n) }
        };
        let noisy = noisy_counts(scale, input)?;
        if n > 0 {
            // SAFETY: non-null, out_cap >= n checked above.
            unsafe { std::ptr::copy_nonoverlapping(noisy.as_ptr(), out, n) };
        }
        Ok(())
    })
}

/// The zCDP privacy loss ρ of one release by the mechanism of `lkdp_gaussian_counts` with this
/// scale, for inputs whose L2 distance is at most `l2_sensitivity` (OpenDP's privacy map).
#[no_mangle]
pub extern "C" fn lkdp_gaussian_rho(
    scale: f64,
    l2_sensitivity: f64,
    out_rho: *mut f64,
    err: *mut u8,
    err_cap: usize,
) -> i32 {
    guarded(err, err_cap, || {
        if out_rho.is_null() {
            return Err(invalid("output is null"));
        }
        let r = rho(scale, l2_sensitivity)?;
        // SAFETY: checked non-null.
        unsafe { *out_rho = r };
        Ok(())
    })
}

/// The smallest integer a with P(|Z| < a) ≥ 1 - alpha for Z ~ N_Z(0, scale²), computed by
/// OpenDP from the discrete Gaussian's exact mass function.
#[no_mangle]
pub extern "C" fn lkdp_gaussian_accuracy(
    scale: f64,
    alpha: f64,
    out_accuracy: *mut f64,
    err: *mut u8,
    err_cap: usize,
) -> i32 {
    guarded(err, err_cap, || {
        if out_accuracy.is_null() {
            return Err(invalid("output is null"));
        }
        let a = accuracy(scale, alpha)?;
        // SAFETY: checked non-null.
        unsafe { *out_accuracy = a };
        Ok(())
    })
}

/// Panics on purpose, so tests can show a panic becomes an error code.
#[no_mangle]
pub extern "C" fn lkdp_debug_panic(err: *mut u8, err_cap: usize) -> i32 {
    guarded(err, err_cap, || {
        panic!("panic requested by lkdp_debug_panic")
    })
}

#[cfg(test)]
mod tests;
