//! SIGINT while `-o DIR` is being written (clean, split, merge) leaves only whole output files, no temp files.

use crate::harness::{files_under, reprint, tempdir_on_disk};
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PAGES: usize = 1000;

fn write_pages(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for i in 0..PAGES {
        let body = format!(
            "第{i}号新闻\n\n新华社北京6月9日电 国家发展改革委近日研究确定了新一批国家骨干冷链物流基地建设名单，编号{i}，新增一批基地，总数达到一百零五个。\n"
        );
        fs::write(dir.join(format!("{i:05}.txt")), body.repeat(3)).unwrap();
    }
}

fn interrupted_run_leaves_only_whole_files(command: &str) {
    // On disk beside the build, not a tmpfs /tmp: each output is fsynced, which
    // keeps the writing phase long enough to interrupt.
    let tmp = tempdir_on_disk();
    let input = tmp.path().join("in");
    write_pages(&input);
    let full = tmp.path().join("full");
    let o = reprint()
        .args([
            command.as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            full.as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let expected = files_under(&full);
    assert!(expected.len() >= PAGES);

    let out = tmp.path().join("out");
    let mut child = reprint()
        .args([
            command.as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Interrupt once writing has begun: the first finished file is there.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let started = fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some());
        if started || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{command}: exit after SIGINT");

    let got = files_under(&out);
    assert!(
        got.len() < expected.len(),
        "{command}: the run finished before the interrupt; the test proves nothing"
    );
    for (name, bytes) in &got {
        assert!(
            !name.contains("reprint-tmp"),
            "{command}: temp file {name} left"
        );
        assert!(
            expected.get(name) == Some(bytes),
            "{command}: {name} is not the file an uninterrupted run writes"
        );
    }
}

#[test]
fn sigint_during_clean_output_leaves_only_whole_files() {
    interrupted_run_leaves_only_whole_files("clean");
}

#[test]
fn sigint_during_split_output_leaves_only_whole_files() {
    interrupted_run_leaves_only_whole_files("split");
}

#[test]
fn sigint_during_merge_output_leaves_only_whole_files() {
    interrupted_run_leaves_only_whole_files("merge");
}
