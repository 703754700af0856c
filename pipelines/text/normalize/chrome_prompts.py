"""Prompts and credits that sites print around an article: login and newsletter prompts, follow
and QR-code prompts, account handles, image credits and captions.

Each rule is one anchored whole-line pattern on the line's Simplified probe. A prompt is short and
makes no statement: a sentence that mentions 微信, 订阅 or 二维码 ends in 。 or lacks the prompt's
verb (关注, 订阅, 下载…), and is kept.
"""
from __future__ import annotations

import re

_ITEM = r"^(?:[-–•·*]\s*)?"          # the same prompt printed as a list item
_NO_STOP = r"[^。；;\n]"               # anything but the end of a statement
_FOLLOW = r"(?:关注|订阅|下载|吐槽|加入|添加|解锁|收听|获取更多|了解更多|阅读原文)"

PROMPT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "是否“确认”跳转到登录页？", "请先登录", "您尚未登录"
    ("login-prompt", re.compile(r"^是否\W?确认\W?跳转到?登录页?[？?]?$|^(?:请先?|您(?:还|尚)?未)登录(?:后\S{0,8})?$")),
    # RFI: "电邮新闻头条新闻就在您的每日新闻信里"
    ("newsletter-prompt", re.compile(r"^[^。！？!?，,]{0,20}新闻信[里中内]?$")),
    # "扫描二维码,向CSDN吐槽", "更多猛料！欢迎扫描左方二维码关注新浪新闻官方微信（xinlang-xinwen）"
    ("follow-prompt", re.compile(
        _ITEM + rf"{_NO_STOP}{{0,12}}(?:扫描|扫码|扫一扫|长按识别|长按|识别){_NO_STOP}{{0,6}}二维码"
        rf"(?:{_NO_STOP}{{0,12}}{_FOLLOW}{_NO_STOP}{{0,30}})?$")),
    # "- CSDN官方微信", "相关资讯请关注:逆水寒专区"
    ("follow-prompt", re.compile(_ITEM + r"[\w ]{0,12}官方(?:微信|微博|公众号|抖音号?|头条号)$"
                                 r"|^(?:相关|更多)(?:资讯|信息|内容|新闻|精彩)?请关注\s*[:：]\s*[^\s。，,]{1,20}$")),
    # "- 微信号：CSDNnews", "微信号 FViewXFG": a label and an ASCII handle, nothing else
    ("account-handle", re.compile(_ITEM + r"(?:微信号|微信公众号|公众号|官方微信|官方微博|微信|微博)\s*[:：]?\s*"
                                  r"[A-Za-z][A-Za-z0-9_\-]{2,30}$")),
    # "图片来源：未来科学大奖官网", "▲图片来自视频截图。", "图片均来自网络"
    ("image-credit", re.compile(r"^(?:▲\s*)?图片?(?:均|皆)?(?:来源于|来源|来自|源自)\s*[:：]?\s*[^\s。，,！!？?；;:：]{1,20}"
                                r"(?:\s+[^\s。，,！!？?；;]{1,12}){0,3}$|^▲\s*图片?(?:均|皆)?(?:来源于|来源|来自|源自)"
                                r"\s*[:：]?\s*[^\s。，,！!？?；;]{1,20}。$")),
    # "姚明场边支招周琦。视频截图", "“救命啊SOS”纸团。沙坪坝区公安分局供图 华龙网"
    ("image-credit", re.compile(r"^[^。！？!?]{2,30}。\s*(?:视频截图|网络截图|视觉中国(?:\s*资料)?|资料图|"
                                r"[^\s。，,！!？?]{2,15}供图(?:\s+[^\s。，,]{2,8})?)$")),
    # "[图片说明1：漫画/冷洁]"
    ("image-caption", re.compile(r"^[\[【［]\s*图片?(?:说明|注)\s*\d*\s*[:：][^\]】］]{1,40}[\]】］]$")),
)
