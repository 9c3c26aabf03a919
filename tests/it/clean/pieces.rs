//! A text file too large to hold is cleaned in pieces: the same bytes as the whole file cleaned at once.

use crate::harness::{run_in, stdout, tempdir};

/// About `bytes` of news-like text: sentences of Han chars, figures and
/// commas; paragraphs apart by blank lines (some CRLF) or, with `one_line`,
/// none at all; jump markers and letter-spaced words now and then.
fn page(bytes: usize, one_line: bool, seed: u64) -> String {
    let han: Vec<char> =
        "经济发展推进建设改革开放贸易市场企业创新产业服务政策国家地区合作增长提升完善加快深化"
            .chars()
            .collect();
    let mut x = seed;
    let mut next = |n: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % n
    };
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        for _ in 0..2 + next(4) {
            for _ in 0..8 + next(30) {
                out.push(han[next(han.len() as u64) as usize]);
                match next(40) {
                    0 => out.push('，'),
                    1 => out.push_str(&format!("{}.{}%", next(100), next(10))),
                    _ => {}
                }
            }
            out.push(if next(10) == 0 { '！' } else { '。' });
        }
        if !one_line {
            out.push_str(match next(12) {
                0 => "\r\n\r\n",
                1 => "\n\n（上接第一版）\n\n",
                2 => "\n\n大 力 发 展\n\n",
                _ => "\n\n",
            });
        }
    }
    out
}

/// Cleaned to stdout (read in pieces, past 4 MiB) and under `-o` (read whole).
/// Every format and both layouts at small pieces: `render::pieced`'s tests.
#[test]
fn a_file_read_in_pieces_cleans_as_the_whole_file() {
    let dir = tempdir();
    for (name, one_line, format) in [("one.txt", true, "text"), ("paras.txt", false, "jsonl")] {
        std::fs::write(dir.path().join(name), page(9 << 19, one_line, 7)).unwrap();
        {
            let pieced = run_in(dir.path(), &["clean", "-f", format, "--map", name]);
            assert_eq!(pieced.status.code(), Some(0));
            let out = format!("out-{format}-{name}");
            let whole = run_in(
                dir.path(),
                &["clean", "-f", format, "--map", "-o", &out, name],
            );
            assert_eq!(whole.status.code(), Some(0));
            let written = std::fs::read_dir(dir.path().join(&out))
                .unwrap()
                .next()
                .unwrap();
            let whole = std::fs::read_to_string(written.unwrap().path()).unwrap();
            assert!(
                stdout(&pieced) == whole,
                "{name} as {format}: pieces differ from the whole file"
            );
        }
    }
}
