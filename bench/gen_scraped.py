#!/usr/bin/env python3
"""A crawl of reprinted news as sites serve it, with known truth.

Each story (real article text: `reprint split --format jsonl samples/` and the
stories below) is published by two to four of five site templates: a print
edition's HTML (header block, page list, source line, commented-out body
markers, footer), a broadcast transcript in Markdown with <p> inside, a portal
page (a <style> block, breadcrumb, share box, 原标题, related news, copyright),
a JSON API record whose text holds <p> tags, and a plain-text scrape that kept
the site's furniture lines. Copies differ as reprints do (a dropped closing
paragraph, a few OCR substitutions). Template twins (telegrams from one
template, differing in every name, place, date and number) are separate stories.

Writes DIR/pages/* (one file a page), DIR/api.jsonl, DIR/stories.jsonl (the
stories as written) and DIR/truth.json
({"pages": {file or record id: story}, "twins": [[story, story], ...]}).

Usage: bench/gen_scraped.py --articles ARTICLES.jsonl --out DIR [--seed N]
"""
import argparse
import json
import os
import random

# Stories written for this corpus (not from the samples), and template twins.
OWN = [
    ("前两个月我国货物贸易进出口总值同比增长5.5%", [
        "新华社北京3月7日电（记者邹多为）海关总署7日发布数据显示，今年前两个月，我国货物贸易进出口总值6.61万亿元，同比增长5.5%。其中，出口3.75万亿元，增长10.3%；进口2.86万亿元，下降0.2%。",
        "海关总署统计分析司司长吕大良表示，今年以来，我国外贸开局平稳，规模稳中有增，结构持续优化，展现出较强韧性。从贸易方式看，一般贸易进出口4.32万亿元，增长6.2%。",
        "从贸易伙伴看，东盟为我国第一大贸易伙伴，前两个月我国与东盟贸易总值为9920亿元，增长6.8%。同期，我国对共建“一带一路”国家进出口3.12万亿元，增长6.3%。",
        "吕大良说，下一步，海关将持续优化口岸营商环境，推动跨境贸易便利化，助力外贸稳规模、优结构。"]),
    ("我国首颗低轨量子密钥分发卫星成功发射", [
        "新华社酒泉5月12日电（记者张三）5月12日10时38分，我国在酒泉卫星发射中心使用长征二号丁运载火箭，成功将一颗低轨量子密钥分发卫星发射升空，卫星顺利进入预定轨道，发射任务获得圆满成功。",
        "该卫星主要用于开展星地量子密钥分发实验，验证低轨卫星与小型化地面站之间实时量子密钥分发的技术可行性，为构建天地一体化量子保密通信网络积累经验。",
        "据介绍，与传统通信方式相比，量子密钥分发基于量子力学基本原理，理论上可以实现无条件安全的密钥共享。此次发射的卫星重量较轻、成本较低，配套地面站可以灵活部署。",
        "这次任务是长征系列运载火箭的第五百零九次飞行。"]),
]

TELEGRAM = [
    "新华社北京{d}电 {d}，国家主席习近平就{c}发生强烈地震向{c}总统{p}致慰问电。",
    "习近平在慰问电中表示，惊悉{c}发生强烈地震，造成重大人员伤亡和财产损失。我谨代表中国政府和中国人民，并以我个人的名义，对遇难者表示深切的哀悼，向伤者和遇难者家属致以诚挚的慰问，祝愿伤者早日康复，祝愿{c}政府和人民早日战胜灾害、重建家园。",
    "同日，国务院总理李强向{c}{r}{q}致慰问电，表示中方愿为{s}方抗震救灾提供力所能及的帮助。",
]
TWINS = [
    dict(d="2月6日", c="土耳其", p="埃尔多安", r="副总统", q="奥克塔伊", s="土"),
    dict(d="2月7日", c="叙利亚", p="巴沙尔", r="总理", q="阿尔努斯", s="叙"),
    dict(d="9月9日", c="摩洛哥", p="国王穆罕默德六世", r="首相", q="阿赫努什", s="摩"),
]

OCR = {"税": "稅", "入": "人", "已": "己", "末": "未", "日": "曰", "士": "土", "员": "贝"}


def ocr(text, rng, n):
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if c in OCR]
    for i in rng.sample(spots, min(n, len(spots))):
        chars[i] = OCR[chars[i]]
    return "".join(chars)


def print_edition(title, paras, date, rng):
    body = "\n".join(f"<p>　　{p}</p>" for p in paras)
    y, m, d = date
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}--人民日报</title>
<meta name="description" content="{paras[0][:60]}" />
<link href="../../../css/paper.css" rel="stylesheet" type="text/css" />
<script type="text/javascript">var _hmt = _hmt || [];(function() {{var hm = document.createElement("script");hm.src = "https://hm.baidu.com/hm.js?{rng.randrange(16**8):08x}";}})();</script>
</head><body>
<div class="header"><div class="logo"><a href="/"><img src="../img/logo.png" alt="人民日报电子版" /></a></div>
<div class="date">{y}年{m:02d}月{d:02d}日&nbsp;&nbsp;星期{"一二三四五六日"[rng.randrange(7)]}</div>
<ul class="nav-list"><li><a href="/">首页</a></li><li><a href="#">往期回顾</a></li><li><a href="#">版面导航</a></li></ul></div>
<div class="paper-list"><a href="node_01.htm">第{rng.randrange(1, 20):02d}版：要闻</a></div>
<div class="article"><h1>{title}</h1>
<p class="sec"><span class="date">《 人民日报 》（ {y}年{m:02d}月{d:02d}日 第 {rng.randrange(1, 20):02d} 版）</span></p>
<!--enpproperty <articleid>{rng.randrange(10**8)}</articleid><date>{y}-{m:02d}-{d:02d}</date><title>{title}</title><nodename>要闻</nodename>/enpproperty--><!--enpcontent-->{body}<!--/enpcontent-->
</div>
<div class="footer"><p><a href="#">人民日报社概况</a> | <a href="#">关于人民网</a> | <a href="#">报社招聘</a> | <a href="#">广告服务</a> | <a href="#">联系我们</a></p>
<p>人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</p>
<p>Copyright &copy; 1997-{y} by www.people.com.cn. all rights reserved</p></div>
</body></html>
"""


def transcript(title, paras, date, rng):
    y, m, d = date
    lead = "**央视网消息（新闻联播）：**"
    out = [f"### {title}", "", f"发布时间：{y}-{m:02d}-{d:02d} {rng.randrange(18, 21)}:{rng.randrange(60):02d} | 来源：央视网", ""]
    for k, p in enumerate(paras):
        if k == 0:
            out.append(lead + p)
        elif k % 2:
            out.append(f"<p>{p}</p>")
        else:
            out.append(p)
        out.append("")
    out += [f"![{title[:4]}](https://p1.img.cctvpic.com/photoworkspace/{y}/{m:02d}/{d:02d}/{rng.randrange(10**12)}.jpg)", "",
            f"[原文链接](https://tv.cctv.com/{y}/{m:02d}/{d:02d}/VIDE{rng.randrange(16**12):012x}.shtml)", "", "（责任编辑：王一）", ""]
    return "\n".join(out)


def portal(title, paras, date, rng, related):
    y, m, d = date
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    rel = "".join(f'<li><a href="/{k}.html">{t}</a></li>' for k, t in enumerate(related))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_财经频道_中国网</title>
<style type="text/css">
.article p{{text-indent:2em;line-height:1.8;font-size:16px;}}
#share a{{margin:0 5px;color:#333}}
</style></head><body>
<div class="top-bar">当前位置：<a href="/">首页</a> &gt; <a href="/finance/">财经</a> &gt; 正文</div>
<h1 class="title">{title}</h1>
<div class="info">{y}-{m:02d}-{d:02d} {rng.randrange(8, 23):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d} 来源：新华网 作者：{rng.choice(["邹多为", "张辛欣", "魏玉坤"])}</div>
<div id="share-box">分享到：<a class="wx">微信</a><a class="wb">微博</a><a class="qz">QQ空间</a></div>
<div class="article" id="content">
<p>原标题：{title[:12]}</p>
{body}
<p class="editor">（责任编辑：{rng.choice(["王一", "李二", "赵六"])}）</p>
<p>扫一扫在手机打开当前页</p>
</div>
<div class="related"><h3>相关新闻</h3><ul>{rel}</ul></div>
<div class="footer"><p>版权所有 中国互联网新闻中心 电子邮件: webmaster@china.org.cn 电话: 86-10-88828000 京ICP证 040089号</p></div>
<script>document.write('<script src="/js/stat.js"><\\/script>');</script>
</body></html>
"""


def plain_scrape(title, paras, date, rng):
    y, m, d = date
    lines = ["首页 > 新闻 > 正文", title, f"{y}-{m:02d}-{d:02d} {rng.randrange(8, 23):02d}:{rng.randrange(60):02d}  来源：新华网", "分享到：", ""]
    lines += [p for p in paras]
    lines += ["【纠错】", f"【责任编辑：{rng.choice(['王一', '李二', '赵六'])}】", "扫一扫在手机打开当前页",
              "Copyright © 2000-2025 XINHUANET.com All Rights Reserved."]
    return "\n".join(lines) + "\n"


def api(title, paras, rng):
    text = "".join(f"<p>　　{p}</p>" for p in paras)
    return text + f"<p style=\"text-align: right;\">【责任编辑：{rng.choice(['王一', '李二'])}】</p>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    stories = []
    for line in open(args.articles, encoding="utf-8"):
        a = json.loads(line)
        paras = [p for p in a["text"].split("\n\n") if p.strip()]
        if a["title"] and len(a["text"]) >= 250 and len(paras) >= 2:
            stories.append((a["title"], paras))
    stories += OWN
    first_twin = len(stories)
    for t in TWINS:
        title = f"习近平就{t['c']}发生强烈地震向{t['c']}总统{t['p']}致慰问电"
        stories.append((title, [p.format(**t) for p in TELEGRAM]))
    twins = [[a, b] for a in range(first_twin, len(stories)) for b in range(a + 1, len(stories))]
    os.makedirs(os.path.join(args.out, "pages"), exist_ok=True)
    truth = {"pages": {}, "twins": [[f"s{a:02d}", f"s{b:02d}"] for a, b in twins]}
    api_lines = []
    titles = [t for t, _ in stories]
    for n, (title, paras) in enumerate(stories):
        story = f"s{n:02d}"
        date = (2025, rng.randrange(1, 13), rng.randrange(1, 29))
        sites = rng.sample(["print", "transcript", "portal", "api", "plain"], rng.randrange(2, 5))
        for site in sites:
            ps = list(paras)
            if len(ps) > 3 and rng.random() < 0.3:
                ps = ps[:-1]
            if rng.random() < 0.3:
                ps = [ocr(p, rng, 2) for p in ps]
            name = f"{story}_{site}"
            related = rng.sample([t for t in titles if t != title], 3)
            if site == "api":
                api_lines.append(json.dumps({"id": name, "title": title, "text": api(title, ps, rng)}, ensure_ascii=False))
                truth["pages"][name] = story
                continue
            page, ext = {
                "print": (lambda: print_edition(title, ps, date, rng), "html"),
                "transcript": (lambda: transcript(title, ps, date, rng), "md"),
                "portal": (lambda: portal(title, ps, date, rng, related), "html"),
                "plain": (lambda: plain_scrape(title, ps, date, rng), "txt"),
            }[site]
            with open(os.path.join(args.out, "pages", f"{name}.{ext}"), "w", encoding="utf-8") as f:
                f.write(page())
            truth["pages"][name] = story
    # The stories as written, for the pairs they have before any site prints them.
    with open(os.path.join(args.out, "stories.jsonl"), "w", encoding="utf-8") as f:
        for n, (title, paras) in enumerate(stories):
            f.write(json.dumps({"id": f"s{n:02d}", "text": "\n\n".join([title] + paras)}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out, "api.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(api_lines) + "\n")
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    print(f"{len(stories)} stories, {len(truth['pages'])} pages ({len(api_lines)} API records), {len(twins)} twin pairs")


if __name__ == "__main__":
    main()
