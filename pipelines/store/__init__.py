"""The derived side in the database: what the text of each article response becomes.

    events.py       a page's event, built alike by the crawl and by `reprocess` (one builder)
    articles.py     ArticleStore: pages, versions, duplicate clusters, the canonical copy, numbering
    site_chrome.py  lines learned to repeat across one source's articles
    derived.py      each new version's text as a WARC `conversion` record
    software.py     the software versions that derived a record

The processes that run them (the store process, the text workers, the Scrapy item pipeline and the
end-of-run relearning) are the glue beside this package, in pipelines/.
"""
