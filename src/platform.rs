//! Process-wide memory tuning for the binary: the allocator and how the kernel backs its pages (figures in BENCHMARKS.md).

/// mimalloc's per-thread pages beat glibc's malloc on the scan's many mid-sized blocks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` (option 15 in mimalloc 2 and 3; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Applied once, first thing in `main`.
pub fn tune() {
    keep_freed_memory();
    no_huge_pages();
}

/// Freed memory is kept for reuse, not given back 10 ms later: on a virtual
/// machine memory given back goes to the host, and touching it again faults.
fn keep_freed_memory() {
    // SAFETY: sets an option value; mimalloc reads options at every use.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// No transparent huge pages: most of a scan's memory is touched once, and
/// each first touch of a huge page zeroes (and faults in) 2 MB at once.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: a process-wide flag; fails harmlessly on kernels without it.
    unsafe {
        // prctl is variadic: its arguments must be passed at the kernel's width (unsigned long).
        let (on, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
        libc::prctl(libc::PR_SET_THP_DISABLE, on, unused, unused, unused);
    }
}
