"""Which network addresses the crawler may connect to.

A crawler pointed at the open web must not be turned against its own network: loopback, private,
link-local (cloud metadata at 169.254.169.254), multicast and reserved addresses are refused,
after DNS resolution, unless the source that owns the host explicitly allows private addresses.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_public_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:  # 2002::/16 routes to the IPv4 address inside it
            return is_public_address(str(ip.sixtofour))
        elif ip.is_site_local:          # fec0::/10: deprecated, still private where it is used
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def private_hosts_allowed(sources) -> set[str]:
    """Host names (without port) whose sources allow private addresses: the demo and test sites."""
    hosts = set()
    for source in sources.sources if sources else ():
        if source.allow_private_addresses:
            # "host", "host:port", "[::1]:port" -> the host as urlsplit() gives it for a URL
            hosts.update(urlsplit("//" + domain).hostname or domain for domain in source.allowed_domains)
    return hosts
