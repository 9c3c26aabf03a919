# Generates a phrase-heavy JSONL corpus of Chinese news with known reprint truth (stdlib only).
#
# Unlike bench/gen_corpus.py (word salad, where unrelated articles share only stock words), every
# article here is recombined from one pool of a few thousand real sentences: the sentences of the
# samples/ pages and the bench layout stories, varied by substituting numbers, places and lead-ins
# (据了解，/ 记者从…获悉，) until the pool holds --pool distinct ones. A few dozen formula lines
# (会议强调…, 据了解…) weigh 30 times a pool sentence, and some sentences are followed by a fixed
# successor half the time, so sentences and sentence pairs recur across thousands of unrelated
# documents, as stock lines do in real news. A base article is a title, a dateline (most of them)
# and 3-4 paragraphs of 2-3 pool sentences, some with their figures redrawn; a third of them carry
# a site footer or share line. Some base articles get derived documents:
#   copy       the whole article, with scan/OCR noise (3 % substitutions, half of them the OCR
#              confusions 稅/税, 人住/入住, 己/已 …), hard wraps, ASCII punctuation, boilerplate
#              (原标题, 责任编辑, share lines), CRLF
#   swap       a copy with one body paragraph swapped for a fresh one (2 %, same noise)
#   partial    a run of at least half of its body paragraphs (2 %, same noise)
#   twin       the same article with every figure and place redrawn, no OCR noise: a template twin
#   lookalike  a fresh article of the base's sentences, reordered so that no two stay adjacent,
#              mixed with others: shares only stock sentences, a hard negative, not a pair
# Every paragraph has a provenance id; two documents are a true pair when they hold a common
# paragraph, relation by the un-noised lengths against --cover (0.6, as the issue judges), and
# `template` when one side is a twin of the other's text. The pool is sized for 100k documents
# and more: every pool sentence then recurs in over a hundred documents (a stock phrase at the
# default --max-df 64); a much smaller corpus makes rare pool sentences shared verbatim by chance.
# Writes DIR/corpus.jsonl, DIR/truth.jsonl ({"a","b","relation","kinds"}, a < b) and
# DIR/meta.jsonl (how each document was made), each to a temp name renamed when complete.
import argparse, collections, itertools, json, os, pathlib, random, re

ROOT = pathlib.Path(__file__).resolve().parent.parent
SENT = re.compile(r"[^。！？]*[。！？][”’]?")
HAN = re.compile(r"[\u4e00-\u9fff]")
NUM = re.compile(r"\d+(?:\.\d+)?(?=(月|日)?)")
PLACES = ["北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西",
          "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "广西",
          "宁夏", "新疆", "西藏", "内蒙古", "黑龙江", "深圳", "杭州", "南京", "武汉", "成都", "西安", "郑州",
          "长沙", "青岛", "宁波", "厦门", "苏州", "无锡", "合肥", "济南", "沈阳", "大连", "昆明", "贵阳"]
PLACE = re.compile("|".join(sorted(PLACES, key=len, reverse=True)))
ORGS = ["国家统计局", "海关总署", "商务部", "国家发展改革委", "工业和信息化部", "农业农村部", "交通运输部",
        "生态环境部", "国家能源局", "市场监管总局", "人力资源社会保障部", "国家税务总局", "中国人民银行",
        "国家医保局", "教育部", "住房城乡建设部", "文化和旅游部", "应急管理部", "水利部", "国家林草局"]
LEADS = ["据了解，", "记者从{org}获悉，", "与此同时，", "数据显示，", "业内人士表示，", "{org}有关负责人介绍，",
         "记者了解到，", "另据{org}消息，", "值得一提的是，", "{place}有关方面表示，"]
STOCK = ["会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局。",
         "会议要求，各级各部门要切实提高政治站位，压紧压实工作责任，确保各项任务落地见效。",
         "会议指出，要坚持以人民为中心的发展思想，着力解决群众急难愁盼问题。",
         "会议强调，要统筹发展和安全，守牢安全生产底线，切实维护社会大局稳定。",
         "据了解，下一步将继续加大工作力度，推动相关政策措施落实落细。",
         "据了解，该项目总投资约{n}亿元，预计明年年底建成投用。",
         "记者从有关部门获悉，相关工作正在有序推进中。",
         "业内人士认为，这将进一步激发市场活力，增强发展内生动力。",
         "专家表示，总体来看，我国经济长期向好的基本面没有改变。",
         "下一步，将持续深化改革创新，推动高质量发展取得新成效。",
         "与会人员围绕相关议题进行了深入交流，并就下一步工作提出意见建议。",
         "活动现场气氛热烈，吸引了众多市民前来参观体验。",
         "据介绍，今年以来，全市上下坚持稳中求进，主要经济指标保持平稳增长。",
         "该负责人表示，将以此次活动为契机，进一步提升服务水平。",
         "会上，与会代表认真听取了工作报告，审议通过了有关事项。",
         "记者在现场看到，工作人员正在有条不紊地开展各项工作。",
         "据悉，此次活动由{place}市人民政府主办，为期{n}天。",
         "相关负责人介绍，目前各项准备工作已基本就绪。",
         "会议强调，要扎实做好民生保障工作，持续增进民生福祉。",
         "据了解，截至目前，已累计完成投资{n}亿元，占年度计划的{n}%。",
         "各地各部门要加强组织领导，细化工作方案，确保取得实效。",
         "此次发布的数据显示，市场信心持续恢复，消费需求稳步释放。",
         "这一举措受到广大群众的普遍欢迎和好评。",
         "据统计，活动期间共接待游客{n}万人次，实现旅游收入{n}亿元。",
         "业内专家指出，要进一步完善相关制度，形成长效机制。",
         "当天，{place}还举行了项目集中签约仪式，共签约项目{n}个。",
         "会议强调，要加强统筹协调，形成工作合力，推动各项部署落到实处。",
         "会议要求，要坚持问题导向，聚焦重点难点，拿出务实管用的举措。",
         "据了解，该政策自发布之日起施行，有效期{n}年。",
         "记者从{org}获悉，相关实施细则将于近期出台。"]
HEADERS = ["原标题：{title}", "来源：新华社", "来源:人民日报客户端", "2025-06-{d:02d} 08:{d:02d}  来源：经济日报",
           "（上接第一版）", "分享到：微信 微博 QQ空间", "字号：大 中 小", "【打印】 【关闭窗口】"]
FOOTERS = ["（责任编辑：王宁）", "责任编辑:李娜", "【纠错】 【责任编辑:张樵苏】", "（完）", "扫一扫在手机打开当前页",
           "分享到：微信 微博 QQ空间", "（本文来源：经济日报 作者：{name}）", "声明：本文仅代表作者观点，不代表本站立场。"]
SITE_LINES = ["（责任编辑：王宁）", "分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页", "（完）", "【纠错】 【责任编辑:张樵苏】"]
OCR_PAIRS = [("税", "稅"), ("入住", "人住"), ("已", "己"), ("未", "末"), ("土", "士"), ("人", "入"), ("日", "曰"),
             ("天", "夭"), ("设", "没"), ("0", "O"), ("1", "l"), ("干", "千"), ("戊", "戌"), ("侯", "候"),
             ("拨", "拔"), ("汩", "汨"), ("准", "淮"), ("宣", "盲"), ("崇", "祟"), ("治", "冶")]
PUNCT_SWAP = {"，": ",", "（": "(", "）": ")", "：": ":", "；": ";", "！": "!", "？": "?"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玲红建文宁波斌辉鹏飞云峰欣悦晨浩然宇轩佳琪"
SUCCESSOR_SHARE = 0.1  # pool sentences that have a fixed successor


def han_len(text):
    return sum(c.isalnum() for c in text)


def real_sentences():
    """The distinct sentences (12-90 Han chars, no list markers) of the samples and layout stories."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    for f in ("layout_stories.jsonl", "layout_holdout_stories.jsonl"):
        with open(ROOT / "bench" / f, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh]
    out = set()
    for t in texts:
        for line in t.split("\n"):
            for s in SENT.findall(line):
                s = s.strip()
                h = len(HAN.findall(s))
                if 12 <= h <= 90 and h / len(s) > 0.6 and not re.match(r"[（(【\[〔]", s):
                    out.add(s)
    return sorted(out)


def redraw(text, r, places=True):
    """`text` with every figure (same number of digits) and, if `places`, every place redrawn."""
    def num(m):
        s, unit = m.group(0), m.group(1)
        if unit:  # a date stays a date
            return str(r.randint(1, 12 if unit == "月" else 28))
        return "".join(str(r.randint(1 if k == 0 else 0, 9)) if c.isdigit() else c for k, c in enumerate(s))
    text = NUM.sub(num, text)
    return PLACE.sub(lambda m: r.choice(PLACES), text) if places else text


def fill(template, r):
    return template.format(n=r.randint(2, 98), org=r.choice(ORGS), place=r.choice(PLACES))


def name(r):
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))


class Gen:
    def __init__(self, seed, pool):
        self.rng = r = random.Random(seed)
        real = real_sentences()
        stock = [fill(t, r) for t in STOCK]
        seen, varied = set(stock) | set(real), []
        while len(stock) + len(real) + len(varied) < pool:
            s = r.choice(real)
            v = redraw(s, r)
            if v == s or r.random() < 0.4:
                v = fill(r.choice(LEADS), r) + re.sub(r"^(据了解|与此同时|数据显示|记者了解到)，", "", v)
            if v not in seen:
                seen.add(v)
                varied.append(v)
        self.pool = stock + real + varied
        self.weights = list(itertools.accumulate([30.0] * len(stock) + [1.0] * (len(real) + len(varied))))
        self.successor = {i: r.randrange(len(self.pool)) for i in r.sample(range(len(self.pool)),
                                                                            int(SUCCESSOR_SHARE * len(self.pool)))}
        self.titles = [t for t in (re.split(r"[，。；：！？]", s)[0] for s in real) if 8 <= len(t) <= 20]
        self.chars = sorted({c for s in self.pool for c in s if HAN.match(c)})
        self.next_para = 0

    def sentences(self, n):
        """`n` sentence refs: a pool index, or (index, seed) for one with its figures redrawn."""
        r, out = self.rng, []
        while len(out) < n:
            prev = out[-1] if out else None
            prev = prev[0] if isinstance(prev, tuple) else prev
            if prev in self.successor and r.random() < 0.5:
                i = self.successor[prev]
            else:
                i = r.choices(range(len(self.pool)), cum_weights=self.weights)[0]
            out.append((i, r.getrandbits(32)) if NUM.search(self.pool[i]) and r.random() < 0.3 else i)
        return tuple(out)

    def text(self, ref, twin=None):
        """A sentence's text; `twin` (a seed) redraws its figures and places as a template twin's."""
        i, seed = ref if isinstance(ref, tuple) else (ref, None)
        s = self.pool[i]
        if seed is not None:
            s = redraw(s, random.Random(seed), places=False)
        return s if twin is None else redraw(s, random.Random(twin * 7919 + i))

    def para(self):
        self.next_para += 1
        return self.next_para, self.sentences(self.rng.choice([2, 2, 3]))

    def base(self):
        r = self.rng
        self.next_para += 1
        title = r.choice(self.titles)
        if r.random() < 0.5:
            title = r.choice(PLACES) + title
        line = f"本报{r.choice(PLACES)}{r.randint(1, 12)}月{r.randint(1, 28)}日电（记者 {name(r)}）" if r.random() < 0.7 else ""
        foot = r.choice(SITE_LINES) if r.random() < 0.3 else None
        return {"title": (self.next_para, title), "line": line, "paras": [self.para() for _ in range(r.choice([3, 3, 3, 4]))],
                "foot": foot}

    def paragraphs(self, doc):
        """The document's paragraphs as (provenance id, text), its title first."""
        twin = doc.get("twin")
        title = doc["title"][1] if twin is None else redraw(doc["title"][1], random.Random(twin))
        out = [(doc["title"][0], title)]
        for k, (p, refs) in enumerate(doc["paras"]):
            t = "".join(self.text(x, twin) for x in refs)
            if k == 0 and doc["line"] and doc.get("lead", True):
                t = (doc["line"] if twin is None else redraw(doc["line"], random.Random(twin))) + t
            out.append((p, t))
        return out

    def ocr(self, t, rate):
        r, out, k = self.rng, [], 0
        while k < len(t):
            if HAN.match(t[k]) and r.random() < rate:
                for a, b in OCR_PAIRS:
                    if t.startswith(a, k) and r.random() < 0.8:
                        out.append(b)
                        k += len(a)
                        break
                else:
                    out.append(r.choice(self.chars))
                    k += 1
            else:
                out.append(t[k])
                k += 1
        return "".join(out)

    def render(self, doc, kind):
        paras = self.paragraphs(doc)
        texts, info = [t for _, t in paras], {}
        r = self.rng
        if kind not in ("base", "twin", "lookalike"):
            rate = info["ocr"] = 0.03 if kind == "copy" else 0.02
            texts = [self.ocr(t, rate) for t in texts]
            if r.random() < 0.5:
                info["ascii_punct"] = True
                texts = ["".join(PUNCT_SWAP[c] if c in PUNCT_SWAP and r.random() < 0.7 else c for c in t)
                         for t in texts]
            if r.random() < 0.5:
                w = info["wrap"] = r.randint(15, 35)
                texts = ["\n".join(t[i:i + w] for i in range(0, len(t), w)) for t in texts]
            lines = []
            if r.random() < 0.6:
                lines += [h.format(title=paras[0][1], d=r.randint(1, 28)) for h in r.sample(HEADERS, r.randint(1, 2))]
            lines += texts
            if r.random() < 0.5:
                lines.append(r.choice(FOOTERS).format(name=name(r)))
            info["boilerplate"] = len(lines) - len(texts)
            text = "\n\n".join(lines) + "\n"
            if r.random() < 0.2:
                info["crlf"] = True
                text = text.replace("\n", "\r\n")
            return text, info
        if doc["foot"]:
            texts.append(doc["foot"])
        return "\n\n".join(texts) + "\n", info


def derive(g, kind, base):
    r = g.rng
    doc = dict(base)
    if kind == "copy":
        return doc
    if kind == "swap":
        paras = list(base["paras"])
        paras[r.randrange(len(paras))] = g.para()
        doc["paras"] = paras
        return doc
    if kind == "partial":
        n = len(base["paras"])
        k = r.randint((n + 1) // 2, n - 1)
        s = r.randint(0, n - k)
        doc["paras"] = base["paras"][s:s + k]
        doc["lead"] = s == 0
        if r.random() < 0.5:
            g.next_para += 1
            doc["title"] = (g.next_para, r.choice(g.titles))
        return doc
    if kind == "twin":
        doc["twin"] = r.getrandbits(31)
        return doc
    # lookalike: the base's sentences, none next to its neighbour in the base, among others
    refs = [x for _, rs in base["paras"] for x in rs]
    keep = refs[::2]
    r.shuffle(keep)
    fresh = list(g.sentences(len(refs) - len(keep)))
    mixed = []
    for x in keep:
        mixed += [x, fresh.pop()] if fresh else [x]
    mixed += fresh
    paras, at = [], 0
    while at < len(mixed):
        n = r.randint(2, 3)
        g.next_para += 1
        paras.append((g.next_para, tuple(mixed[at:at + n])))
        at += n
    g.next_para += 1
    return {"title": (g.next_para, r.choice(g.titles)), "line": "", "paras": paras, "foot": None}


def slots(g, doc):
    """Figures and places in the document's text: what a template twin fills in differently."""
    text = "".join(t for _, t in g.paragraphs(doc))
    return len(NUM.findall(text)) + len(PLACE.findall(text))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pool", type=int, default=4000, help="distinct sentences in the pool")
    ap.add_argument("--cover", type=float, default=0.6, help="share of a document's text that makes it a copy")
    ap.add_argument("--out", default=str(ROOT / "bench/out/phrase"))
    args = ap.parse_args()
    g = Gen(args.seed, args.pool)
    docs = []  # (kind, index of its base document, document)
    while len(docs) < args.docs:
        b = g.base()
        at = len(docs)
        docs.append(("base", at, b))
        if g.rng.random() < 0.4:
            for _ in range(g.rng.choice([1, 1, 2, 3])):
                kind = g.rng.choices(["copy", "swap", "partial", "twin", "lookalike"], [40, 15, 20, 10, 15])[0]
                if kind == "twin" and slots(g, b) < 3:
                    kind = "copy"  # nothing to fill in differently: a twin of it would be a copy
                docs.append((kind, at, derive(g, kind, b)))
    docs = docs[:args.docs]
    order = list(range(len(docs)))
    g.rng.shuffle(order)
    width = len(str(len(docs)))
    ids = {d: f"doc{n:0{width}d}" for n, d in enumerate(order)}
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    by_para = collections.defaultdict(list)
    lens = {}
    names = ("corpus.jsonl", "meta.jsonl", "truth.jsonl")
    tmp = {n: out / f".{n}.tmp" for n in names}
    with open(tmp["corpus.jsonl"], "w", encoding="utf-8") as cf, open(tmp["meta.jsonl"], "w", encoding="utf-8") as mf:
        for d in sorted(range(len(docs)), key=ids.get):
            kind, b, doc = docs[d]
            text, info = g.render(doc, kind)
            paras = [doc["title"][0]] + [p for p, _ in doc["paras"]]
            cf.write(json.dumps({"id": ids[d], "text": text}, ensure_ascii=False) + "\n")
            mf.write(json.dumps({"id": ids[d], "kind": kind, "base": ids[b], "paras": paras, **info},
                                ensure_ascii=False) + "\n")
            for p in paras:
                by_para[p].append(d)
            if kind != "lookalike" and (kind != "base" or len(docs) > b + 1 and docs[b + 1][1] == b):
                # Only documents that can be in a pair need their lengths (a twin's are its base's).
                src = docs[b][2] if kind == "twin" else doc
                lens[d] = {p: han_len(t) for p, t in g.paragraphs(dict(src, twin=None))}
    pairs = {tuple(sorted(pr, key=ids.get)) for ds in by_para.values() if len(ds) > 1
             for pr in itertools.combinations(set(ds), 2)}
    with open(tmp["truth.jsonl"], "w", encoding="utf-8") as tf:
        for x, y in sorted(pairs, key=lambda pr: (ids[pr[0]], ids[pr[1]])):
            shared = sum(n for p, n in lens[x].items() if p in lens[y])
            cx, cy = shared >= args.cover * sum(lens[x].values()), shared >= args.cover * sum(lens[y].values())
            rel = {(True, True): "duplicate", (False, True): "contains", (True, False): "contained_in"}.get((cx, cy), "overlap")
            tx, ty = docs[x][2].get("twin"), docs[y][2].get("twin")
            if tx != ty and rel != "overlap":
                rel = "template"
            tf.write(json.dumps({"a": ids[x], "b": ids[y], "relation": rel, "shared": shared,
                                 "kinds": [docs[x][0], docs[y][0]]}) + "\n")
    for n in names:
        os.replace(tmp[n], out / n)
    print(f"{len(docs)} docs ({sum(k == 'base' for k, _, _ in docs)} base articles, pool of {len(g.pool)} sentences),"
          f" {len(pairs)} true pairs -> {out}")


if __name__ == "__main__":
    main()
