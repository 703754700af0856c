from pipelines.urls import canonical_url


def test_fragment_tracking_and_default_port_removed():
    assert canonical_url("HTTP://WWW.Example.cn:80/a.html?utm_source=x&id=3&spm=1#top") == \
        "http://www.example.cn/a.html?id=3"


def test_index_file_dropped():
    assert canonical_url("https://www.example.cn/special/index.html") == "https://www.example.cn/special/"


def test_mirror_host_mapped_to_main_host():
    aliases = {"m.example.cn": "www.example.cn"}
    assert canonical_url("https://m.example.cn/2021/ARTI1.shtml", aliases) == \
        canonical_url("https://www.example.cn/2021/ARTI1.shtml", aliases)


def test_meaningful_query_kept():
    assert canonical_url("http://a.cn/show.php?id=12&page=2") == "http://a.cn/show.php?id=12&page=2"
