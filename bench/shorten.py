# Cuts every record of a JSONL corpus to its first CHARS chars (stdlib only), for timing runs on
# corpora of another document size: issue 7's 100k corpus is 108 MB, the generator's 206 MB.
# The truth no longer holds for the cut corpus (a shared paragraph may be cut off), so only time
# and memory mean anything on it.
# Usage: python3 bench/shorten.py IN.jsonl OUT.jsonl [CHARS] (default 360)
import json
import sys


def main():
    src, dst = sys.argv[1], sys.argv[2]
    chars = int(sys.argv[3]) if len(sys.argv) > 3 else 360
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            record = json.loads(line)
            record["text"] = record["text"][:chars]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
