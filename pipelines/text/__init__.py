"""Bytes -> clean text, as pure functions: no Scrapy, no database, no archive files.

    decode.py     the charset of a page, and a check that the decoding is plausible
    extract/      the article's body, title, byline and date out of the page's HTML
    normalize/    the text made clean: script, encodings, pinyin notes, chrome lines, spam lines
    process.py    all three for one response (process_page): what the crawl, `reprocess` and
                  `article-archive extract` call, so that the same bytes give the same text
    neardup.py    the near-duplicate signature (MinHash) of a text
    urls.py       the stored canonical form of an article's URL
"""
