//! `--stats` for every command that reads a run: figures on stderr, the data on stdout unchanged.

use crate::harness::{reprint, samples_dir, stat, tempdir};

#[test]
fn every_command_prints_its_stages_as_json_and_leaves_stdout_alone() {
    let dir = tempdir();
    let report = dir.path().join("r.html");
    let report = report.to_str().unwrap();
    let cases: [(&str, &[&str], &str); 4] = [
        ("clean", &["--format", "jsonl"], "clean"),
        ("split", &["--format", "jsonl"], "split"),
        ("merge", &["--format", "jsonl"], "scan+merge"),
        ("report", &["-o", report], "report"),
    ];
    for (command, args, stage) in cases {
        let run = |extra: &[&str]| {
            reprint()
                .arg(command)
                .arg(samples_dir())
                .args(args)
                .args(extra)
                .output()
                .unwrap()
        };
        let plain = run(&[]);
        let json = run(&["--stats-format", "json"]);
        assert!(plain.status.success() && json.status.success(), "{command}");
        if command != "report" {
            assert_eq!(
                plain.stdout, json.stdout,
                "{command}: stats changed the data"
            );
        }
        assert!(plain.stderr.is_empty(), "{command} printed stats unasked");
        assert_eq!(stat(&json.stderr, "read", "inputs"), 5, "{command}");
        // The stage that does the command's work is named and timed.
        let text = String::from_utf8_lossy(&json.stderr);
        assert!(
            text.contains(&format!("\"stage\":\"{stage}\"")),
            "{command}: {text}"
        );
        let lines = run(&["--stats"]);
        let text = String::from_utf8_lossy(&lines.stderr);
        assert!(text.contains("stats: total"), "{command}: {text}");
    }
}
