"""Page renderers, one per kind of demo site."""
from __future__ import annotations

from crawler.demo.render.base import SiteRenderer
from crawler.demo.render.farm import FarmSite
from crawler.demo.render.mirror import MirrorSite
from crawler.demo.render.portal import MobilePortalSite, PortalSite
from crawler.demo.render.qizhi import QizhiSite

RENDERERS: dict[str, type[SiteRenderer]] = {
    "qizhi": QizhiSite,
    "www12371": PortalSite,
    "m12371": MobilePortalSite,
    "farm": FarmSite,
    "mirror": MirrorSite,
}

__all__ = ["RENDERERS", "SiteRenderer"]
