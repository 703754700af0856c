"""Synthetic web pages of three kinds -- ``article``, ``index``, ``other`` -- over many made-up
Chinese sites, for training and held-out evaluation of a page classifier (is this page one piece
of writing, or not?).

Used by tests and by a bench script. Everything is generated from ``random.Random`` seeded by the
caller: the same seed gives byte-identical pages. Nothing is fetched and no real page is copied;
the site names, places and people are made up, only the *shape* of each site (its chrome, its
URL scheme, its markup habits) imitates a family of real Chinese sites:

=================  ==========================================================================
site id            modelled on
=================  ==========================================================================
party-daily        central party newspaper site (``/n1/2021/0304/c1001-32042345.html``)
wire-news          state news agency site (``/politics/2021-03/04/c_1127167823.htm``)
central-gov        central government portal (``/zhengce/content/2021-03/04/content_5590439.htm``)
prov-gov-jb        provincial portal on TRS WCM, table layout (``/xxgk/tzgg/202103/t20210304_…``)
prov-gov-dc        provincial portal on Hanweb jcms (``/art/2021/3/4/art_1229123_59012345.html``)
city-gov-nl        city portal, HTML5 semantic markup (``/zwgk/…/t20210304_…``, ``/xxgk/index.html?id=``)
county-gov-qx      county site on PHPCMS, div soup (``/index.php?m=content&c=index&a=show…``)
county-gov-tc      county site on an old ASP CMS, GBK, nested tables (``/ShowArticle.asp?ArticleID=``)
party-portal       party-member education portal (``/2021/03/04/ARTI1614834251123456.shtml``)
theory-journal     theory journal (``/dukan/qs/2021-03/01/c_1127150567.htm``)
wx-farm            content farm copying WeChat posts (``/p/123456.html``, ``/a/20210304/123.html``)
gov-mirror         mirror of government sites (``/www.jiangbei.gov.cn/xxgk/…``)
forum-qx           Discuz! X3.4 forum with a portal (``thread-12345-1-1.html``, ``article-12-1.html``)
blog-ys            WordPress blog (``/blog/2021/03/04/slug.html``, ``/page/2/``)
city-daily         city newspaper group site and e-paper (``/system/2021/03/04/030123456.shtml``)
univ-news          university news site on VSB (``/info/1012/3456.htm``)
dept-eco           provincial department on a Java CMS, Bootstrap (``/detail?id=…``)
county-media       county media centre on Sobey CMS (``/folder12/folder45/2021-03-04/Ab3dEf.html``)
=================  ==========================================================================

Kinds: **article** -- the main content is one piece of writing (news report, notice, commentary,
speech, interview, policy document; also a short notice with an attachment, a table-bodied
公示, a paginated article's page); **index** -- the main content is links to other pages (home,
channel list, paginated list, teaser list, search results, topic page, tag page, sitemap,
archive by date, magazine/e-paper table of contents); **other** -- anything else (error page,
login/registration form, gallery, video, attachment download list, contact form, forum thread
of short replies, leader-introduction stub).

Hard cases are deliberate: teaser lists with long summaries, topic pages with intro text, home
pages with a long lead paragraph, two-sentence notices, articles buried in related-news blocks
and comments, table-bodied articles, article URLs that look like list URLs and the reverse,
soft-404 pages inside full chrome, picture and video pages at article-shaped URLs.

API: :func:`pages` (all sites), :func:`list_page_from_article` (turn a real saved article page
into that site's list page). ``python tests/kind_pages.py OUTDIR`` dumps every page.
"""
from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit

__all__ = ["KindPage", "pages", "list_page_from_article", "dump"]


@dataclass(frozen=True)
class KindPage:
    site: str      # site id, e.g. "prov-gov-jb"
    url: str       # absolute URL, http://<host>/<path>
    html: str
    kind: str      # "article" | "index" | "other"


KINDS = ("article", "index", "other")
esc = htmllib.escape

# ---------------------------------------------------------------------------------------------
# Word pools. Places and people are made up.
# ---------------------------------------------------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文玲波辉斌宇浩凯鹏晨晓宁欣佳雪琳颖慧云峰海东林春梅新民立德安兴旺卫忠诚俊晖彬"
PLACE_A = "青临南东西云金玉清安永平宁长丰兴鹤栖桐梧松柳石川汇澄溧岚蓉槐枫杏桃竹榆茶"
PLACE_B = "溪江岭山阳河川城湖州原泉水林丘台峰浦口桥源坪塘湾渡"
UNITS_TOWN = ("镇", "镇", "乡", "街道")
PROVINCES = ("江北省", "东川省", "云岭省", "岭西省", "淮东省", "海滨省", "西川省", "北原省")
UNITS_VILLAGE = ("村", "村", "村", "社区")

UPPER = {"central": "党中央、国务院", "prov": "党中央、国务院和省委、省政府", "city": "省委、省政府和市委",
         "county": "上级党委政府", "campus": "上级党委"}
DEPTS = ("发展改革委", "教育局", "科技局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局", "人力资源社会保障局",
         "自然资源和规划局", "生态环境局", "住房城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局",
         "文化广电旅游局", "卫生健康委", "应急管理局", "市场监管局", "统计局", "医保局", "信访局", "数据资源局")
MEETINGS = ("工作会议", "工作推进会", "专题会议", "工作调度会", "现场推进会", "座谈会", "部署会", "专题协调会")
MEDIA_SUFFIX = ("日报", "晚报", "发布", "融媒")


@dataclass(frozen=True)
class Topic:
    key: str
    dept: str
    works: tuple[str, ...]      # "{work}工作"
    focus: tuple[str, ...]      # verb phrases
    facts: tuple[str, ...]      # templates with {n} {n2} {pct} {lv}
    scenes: tuple[str, ...]
    roles: tuple[str, ...]
    quotes: tuple[str, ...]
    things: tuple[str, ...]     # what a 公示 lists


TOPICS = (
    Topic("agri", "农业农村局",
          ("春季农业生产", "高标准农田建设", "粮食生产", "农村人居环境整治", "和美乡村建设", "乡村振兴", "秋冬种", "农业社会化服务"),
          ("稳定粮食播种面积", "抓好农资供应和市场监管", "强化农技指导服务", "推进农业生产全程机械化", "发展特色优势产业",
           "发展壮大村级集体经济", "巩固拓展脱贫攻坚成果", "深化农村集体产权制度改革"),
          ("全{lv}已完成春播面积{n}万亩，占计划的{pct}", "今年以来新建高标准农田{n}万亩，完成年度任务的{pct}",
           "累计培育家庭农场{n}家、农民专业合作社{n2}家", "全{lv}{n}个行政村实现集体经济经营性收入10万元以上",
           "农村生活垃圾分类处理行政村覆盖率达到{pct}", "组织{n}名农技人员深入田间地头开展技术指导"),
          ("田间地头一派繁忙景象，旋耕机来回穿梭，村民们正忙着育秧、施肥", "一栋栋大棚整齐排列，棚内的草莓长势喜人，前来采摘的游客络绎不绝",
           "村道干净整洁，房前屋后绿树成荫，一幅和美乡村的画卷徐徐展开", "金黄的稻浪随风起伏，收割机在田间来回作业"),
          ("种粮大户", "村党支部书记", "驻村第一书记", "合作社理事长", "农技站站长"),
          ("现在农机下田、无人机打药，种地比以前省心多了", "有了技术员上门指导，今年的收成我心里有底",
           "村里路通了、灯亮了，来村里游玩的人也多了起来", "合作社统一收购，我们不愁销路了"),
          ("农民专业合作社示范社", "家庭农场示范场", "农业产业化龙头企业", "高标准农田建设项目", "美丽乡村示范村")),
    Topic("econ", "发展改革委",
          ("优化营商环境", "重大项目建设", "招商引资", "稳增长", "民营经济发展", "经济运行", "开发区建设", "助企纾困"),
          ("深化“放管服”改革", "强化用地用能等要素保障", "加快项目审批和开工进度", "落实助企纾困各项政策",
           "推进产业链精准招商", "提升政务服务效能", "帮助企业解决实际困难", "扩大有效投资"),
          ("{n}个重点项目完成投资{n2}亿元，完成年度计划的{pct}", "全{lv}地区生产总值同比增长{pct}", "新增各类市场主体{n}户",
           "累计为企业减税降费{n}亿元", "签约项目{n}个，总投资{n2}亿元", "规模以上工业增加值同比增长{pct}"),
          ("塔吊林立、机器轰鸣，工人们正在加紧施工", "智能化生产线上，机械臂精准作业，一件件产品陆续下线",
           "园区道路宽阔整洁，一栋栋标准厂房拔地而起"),
          ("企业负责人", "项目经理", "园区管委会主任", "个体工商户"),
          ("审批时间大大缩短，项目比预期提前两个月开工", "有专人全程代办，我们企业省了不少心",
           "政策兑现很快，资金已经到账了"),
          ("重点建设项目", "“专精特新”中小企业", "民营企业创新产品", "工业和信息化专项资金扶持项目")),
    Topic("eco", "生态环境局",
          ("生态环境保护", "大气污染防治", "河湖长制", "生态环境保护督察整改", "生活垃圾分类", "国土绿化", "水环境治理"),
          ("打好蓝天、碧水、净土保卫战", "加强扬尘和餐饮油烟治理", "推进入河排污口排查整治", "落实河湖长巡河制度",
           "强化生态环境执法监管", "推动绿色低碳发展", "抓好突出环境问题整改"),
          ("全{lv}空气质量优良天数比例达到{pct}", "{n}个国控断面水质全部达到Ⅲ类以上", "累计完成造林绿化{n}亩",
           "排查整改问题{n}个，办结率{pct}", "细颗粒物平均浓度同比下降{pct}"),
          ("河道清澈见底，岸边绿草如茵，不少市民在步道上散步健身", "昔日的垃圾堆放点如今变成了街心小游园"),
          ("村级河长", "环保志愿者", "生态环境执法人员", "附近居民"),
          ("以前这条河一到夏天就有异味，现在成了大家散步的好去处", "每周巡河两次，发现问题马上上报处理"),
          ("生态环境违法行为处罚决定", "排污许可证核发情况", "绿色示范单位", "生态文明教育基地")),
    Topic("safety", "应急管理局",
          ("安全生产", "防汛备汛", "森林防灭火", "自建房安全隐患排查整治", "燃气安全专项整治", "消防安全", "道路交通安全"),
          ("开展拉网式隐患排查", "压实企业安全生产主体责任", "强化重点行业领域监管", "做好应急物资储备",
           "严格落实24小时值班值守制度", "开展实战化应急演练"),
          ("共检查企业{n}家，发现并整改隐患{n2}处", "出动执法人员{n}人次", "储备防汛物资{n}万件",
           "组织开展应急演练{n}场次，参与群众{n2}人"),
          ("演练现场，救援人员迅速集结，按照预案有序开展转移安置", "检查组深入生产车间，逐一查看消防设施和安全通道"),
          ("应急管理局工作人员", "企业安全员", "社区网格员", "消防救援站站长"),
          ("通过演练，大家都知道了遇到险情该往哪里撤", "隐患清单一条条对照整改，心里踏实多了"),
          ("安全生产标准化达标企业", "应急避难场所", "安全生产失信联合惩戒对象")),
    Topic("edu", "教育局",
          ("义务教育优质均衡发展", "“双减”", "校园安全", "中考招生", "教师队伍建设", "学前教育普及普惠", "职业教育"),
          ("扩大优质教育资源供给", "规范校外培训机构", "提升课后服务质量", "加强师德师风建设", "深化集团化办学",
           "做好家庭经济困难学生资助"),
          ("新建改扩建中小学校{n}所，新增学位{n2}个", "课后服务覆盖率达到{pct}", "公开招聘新教师{n}名",
           "发放各类资助资金{n}万元，惠及学生{n2}人次"),
          ("课后服务时间，孩子们有的在练书法，有的在操场上踢足球", "崭新的教学楼里，多媒体教室、实验室一应俱全"),
          ("校长", "学生家长", "班主任", "教育局负责人"),
          ("孩子在学校就能完成作业，回家还有时间读书运动", "学校离家近了，接送孩子方便多了"),
          ("教师资格认定人员", "义务教育阶段学校招生计划", "优秀教师", "民办学校年检结果")),
    Topic("health", "卫生健康委",
          ("家庭医生签约服务", "基层医疗卫生服务能力提升", "医疗保障", "爱国卫生运动", "健康乡村建设", "紧密型医共体建设"),
          ("推动优质医疗资源下沉", "完善分级诊疗制度", "提升基层医疗服务能力", "深化医保支付方式改革",
           "做好老年人等重点人群健康管理"),
          ("重点人群家庭医生签约率达到{pct}", "累计开展义诊{n}场次，服务群众{n2}人次", "基本医疗保险参保率稳定在{pct}以上",
           "县域内就诊率达到{pct}"),
          ("卫生院里，前来体检的老人排起了长队，医护人员耐心地为他们测量血压", "家庭医生背着药箱走进村民家中，询问身体状况"),
          ("家庭医生", "村医", "卫生院院长", "前来就诊的群众"),
          ("在家门口就能看专家门诊，不用再跑大医院了", "医生定期上门随访，我们老两口很放心"),
          ("医疗机构执业登记", "基层医疗卫生机构", "医保定点医药机构")),
    Topic("livelihood", "人力资源社会保障局",
          ("就业创业", "养老服务体系建设", "社会救助", "民生实事项目", "困难群众帮扶", "老旧小区改造", "退役军人服务保障"),
          ("落实稳岗扩就业政策", "开展“春风行动”等招聘活动", "完善居家社区养老服务网络", "兜牢兜实民生底线",
           "加快民生实事项目建设进度"),
          ("城镇新增就业{n}人", "举办招聘会{n}场，提供岗位{n2}个", "建成社区居家养老服务中心{n}个",
           "发放各类救助资金{n}万元", "改造老旧小区{n}个，惠及居民{n2}户"),
          ("招聘会现场人头攒动，求职者仔细查看岗位信息", "助餐点里饭菜飘香，老人们围坐在一起吃午饭"),
          ("社区居民", "求职者", "养老服务中心负责人", "社区党委书记"),
          ("在家门口就找到了合适的工作", "助餐点的饭菜可口又实惠，子女们也放心"),
          ("公益性岗位拟聘用人员", "最低生活保障对象", "老旧小区改造计划", "创业担保贷款贴息对象")),
    Topic("culture", "文化广电旅游局",
          ("文旅融合发展", "公共文化服务", "非物质文化遗产保护", "全域旅游", "文明城市创建", "全民阅读"),
          ("打造精品旅游线路", "举办群众性文化活动", "加强文物保护利用", "推进新时代文明实践中心建设", "培育文旅消费新业态"),
          ("接待游客{n}万人次，实现旅游收入{n2}亿元", "开展送戏下乡{n}场", "新建城市书房{n}个",
           "全{lv}共有各级非遗代表性项目{n}项"),
          ("古街上游人如织，非遗展示、民俗表演轮番上演", "城市书房里灯光柔和，读者们静静地翻阅书籍"),
          ("游客", "非遗传承人", "民宿经营者", "文化站站长"),
          ("这里山清水秀，还能体验传统手艺，下次还要带家人来", "书房离家只有几分钟，周末常带孩子来看书"),
          ("非物质文化遗产代表性项目", "A级旅游景区", "文明村镇", "乡村旅游重点村")),
    Topic("law", "司法局",
          ("平安建设", "矛盾纠纷排查化解", "法治政府建设", "普法宣传", "常态化扫黑除恶斗争", "打击治理电信网络诈骗"),
          ("坚持和发展新时代“枫桥经验”", "加强基层社会治理", "推进严格规范公正文明执法", "开展反诈宣传进社区",
           "健全矛盾纠纷多元化解机制"),
          ("排查化解矛盾纠纷{n}起，化解率{pct}", "电信网络诈骗案件发案数同比下降{pct}", "开展法治宣传活动{n}场次",
           "群众安全感满意度达到{pct}"),
          ("调解室里，调解员耐心倾听双方诉求，一起邻里纠纷得到妥善化解", "民警走进菜市场，向群众发放反诈宣传资料"),
          ("人民调解员", "派出所民警", "法律顾问", "社区居民"),
          ("有了调解员帮忙，我们两家又和好如初了", "听了民警的讲解，才知道这些骗局的套路"),
          ("行政执法人员", "法律援助机构", "人民调解委员会")),
    Topic("party", "机关工委",
          ("机关党建", "党史学习教育", "主题教育", "基层党组织建设", "党风廉政建设", "模范机关创建", "清廉机关建设"),
          ("深化理论武装", "严格落实“三会一课”制度", "推进党支部标准化规范化建设", "锻造过硬干部队伍",
           "持续加强作风建设", "推动党建和业务深度融合"),
          ("全{lv}{n}个基层党组织开展专题学习{n2}场次", "选派{n}名机关干部下沉社区", "累计为群众办实事{n}件"),
          ("党员们重温入党誓词，铮铮誓言在会场回荡", "党建活动室里，党员们围坐在一起交流学习体会"),
          ("党支部书记", "机关党员", "社区党员志愿者"),
          ("通过学习，进一步坚定了理想信念，明确了努力方向", "下沉社区让我们更了解群众的所思所盼"),
          ("先进基层党组织", "优秀共产党员", "优秀党务工作者")),
    Topic("city", "住房城乡建设局",
          ("城市更新", "重点交通项目建设", "市政道路改造", "公共交通服务提升", "城市精细化管理", "海绵城市建设"),
          ("加快重点工程建设进度", "完善城市基础设施", "提升城市精细化管理水平", "推进公交都市建设", "补齐城市功能短板"),
          ("完成道路改造{n}公里", "新增公共停车泊位{n}个", "新开通公交线路{n}条", "完成投资{n}亿元，占年度计划的{pct}"),
          ("改造后的街道宽阔平整，两侧的人行道铺上了透水砖", "工地上，施工人员正在进行桥梁主体浇筑作业"),
          ("施工负责人", "市民", "公交车驾驶员"),
          ("路修好了，出门再也不怕下雨天积水了", "新开的公交线路直达医院，看病方便多了"),
          ("建筑施工企业资质核准", "城市更新项目", "保障性租赁住房项目")),
    Topic("digital", "数据资源局",
          ("数字政府建设", "科技创新", "“一网通办”", "政务服务标准化", "人才引进", "高新技术企业培育"),
          ("推进政务数据共享", "推动“高效办成一件事”", "培育科技型中小企业", "完善人才政策体系", "加快数字基础设施建设"),
          ("政务服务事项网上可办率达到{pct}", "新认定高新技术企业{n}家", "引进各类人才{n}名", "研发经费投入增长{pct}"),
          ("政务服务中心大厅里，自助终端前办事群众有序操作", "实验室里，科研人员正在调试新研发的设备"),
          ("办事群众", "窗口工作人员", "企业研发负责人"),
          ("以前要跑好几个部门，现在一个窗口就办好了", "在手机上提交材料，第二天就拿到了营业执照"),
          ("高新技术企业", "科技型中小企业", "高层次人才", "众创空间")),
)
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

ACTIONS = ("要提高政治站位，切实增强做好{work}工作的责任感和紧迫感", "要坚持问题导向，聚焦薄弱环节，补齐短板弱项",
           "要强化统筹协调，加强部门联动，形成工作合力", "要压紧压实责任，细化任务清单，明确时间节点",
           "要加强督促检查，对工作推进不力的严肃问责", "要加大宣传引导力度，营造全社会共同参与的良好氛围",
           "要坚持系统观念，统筹发展和安全", "要创新方式方法，推动{work}工作提质增效",
           "要坚持以人民为中心，着力解决群众急难愁盼问题", "要健全长效机制，推动{work}工作常态化、制度化",
           "要坚持底线思维，做好风险研判和应对预案", "要以钉钉子精神抓好各项任务落实")
CLAIMS = ("做好{work}工作，是贯彻落实{upper}决策部署的具体行动，是推动高质量发展的内在要求",
          "{work}工作事关人民群众切身利益，事关经济社会发展大局",
          "今年以来，全{lv}{work}工作总体平稳、进展顺利，取得了阶段性成效",
          "当前{work}工作进入关键阶段，任务艰巨繁重，容不得丝毫松懈")
GOALS = ("为奋力谱写{place}高质量发展新篇章作出积极贡献", "不断增强人民群众的获得感、幸福感、安全感",
         "为全面建设社会主义现代化{place}提供有力支撑", "确保全年目标任务圆满完成", "推动各项工作取得新成效")
OPENERS = ("近日", "日前", "连日来", "今年以来", "{md}上午", "{md}下午", "{md}")
WEAKS = ("思想认识不到位", "工作进展不平衡", "部门协同不够顺畅", "基层力量相对薄弱", "长效机制有待健全")
MINISTRIES = ("外交部", "国家发展改革委", "教育部", "科技部", "工业和信息化部", "公安部", "民政部", "司法部", "财政部",
              "人力资源社会保障部", "自然资源部", "生态环境部", "住房城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部",
              "文化和旅游部", "国家卫生健康委", "应急管理部", "审计署", "国家统计局", "国家医保局")
DOC_TYPES = ("实施方案", "管理办法", "工作方案", "行动计划", "实施细则", "若干措施")
ATTACH_EXT = (".doc", ".docx", ".pdf", ".xls", ".xlsx", ".wps")
COMMENT_LINES = ("说得好，支持！", "希望早日落实到位。", "点赞，家门口的变化看得见。", "我们村也在搞，效果不错。",
                 "请问具体什么时候开始申报？", "政策好，关键在落实。", "转发学习了。", "这个措施很实在。",
                 "建议多宣传，很多老人还不知道。", "为基层工作人员点赞！", "期待下一步的进展。", "好消息，终于等到了。",
                 "路修好以后出行方便多了。", "支持，希望长期坚持下去。", "已收藏，慢慢看。")
REPLY_LINES = ("顶一下", "支持楼主", "路过看看", "沙发", "同问，蹲一个答案", "这个我知道，去年也是这样", "楼主说得对",
               "mark一下", "帮顶", "学习了", "有没有人知道具体在哪里办？", "前几天刚去过，人挺多的", "+1",
               "谢谢分享", "楼上正解", "坐等后续", "已私信", "周末带孩子去看看", "问一下电话打不通怎么办", "顶顶顶")


def load_commentary() -> list[list[str]]:
    """Paragraphs of the demo's commentary articles (机关党建 essays), if the project has them."""
    path = Path(__file__).resolve().parents[1] / "crawler" / "demo" / "sites" / "articles.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    out = []
    for art in data.get("articles", []):
        heads = set(art.get("headings", []))
        paras = [p for i, p in enumerate(art.get("paragraphs", [])) if i not in heads and len(p) > 40]
        if paras:
            out.append(paras)
    return out


COMMENTARY = load_commentary()


# ---------------------------------------------------------------------------------------------
# Text: a writer bound to one site's place names and one random stream.
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Locale:
    prov: str       # 江北省
    city: str       # 南岭市
    county: str     # 青溪县
    level: str      # central | prov | city | county | campus

    @property
    def home(self) -> str:
        return {"central": "全国", "prov": self.prov, "city": self.city, "county": self.county,
                "campus": self.city}[self.level]

    @property
    def lv(self) -> str:
        return {"central": "国", "prov": "省", "city": "市", "county": "县", "campus": "市"}[self.level]


class Writer:
    """Plausible official-news prose from templates and pools, driven by one ``random.Random``."""

    def __init__(self, rng: random.Random, loc: Locale):
        self.r = rng
        self.base = loc
        self.loc = loc

    def scope(self) -> None:
        """Central sites mostly report on some province, city or county; others stay at home."""
        if self.base.level == "central" and self.r.random() < 0.65:
            city = self.pick(PLACE_A) + self.pick(PLACE_B) + "市"
            county = self.pick(PLACE_A) + self.pick(PLACE_B) + "县"
            self.loc = Locale(self.pick(PROVINCES), city, county, self.pick(("prov", "city", "county")))
        else:
            self.loc = self.base

    # -- small pieces --
    def pick(self, seq):
        return self.r.choice(seq)

    def person(self) -> str:
        return self.pick(SURNAMES) + "".join(self.r.sample(GIVEN, self.r.choice((1, 2, 2))))

    def town(self) -> str:
        return self.pick(PLACE_A) + self.pick(PLACE_B) + self.pick(UNITS_TOWN)

    def village(self) -> str:
        return self.pick(PLACE_A) + self.pick(PLACE_B) + self.pick(UNITS_VILLAGE)

    def company(self) -> str:
        return self.pick(PLACE_A) + self.pick(PLACE_B) + self.pick(
            ("农业科技有限公司", "建设工程有限公司", "食品有限公司", "新材料有限公司", "家庭农场", "种植专业合作社",
             "电子科技有限公司", "机械制造有限公司", "物流有限公司", "生态农业开发有限公司"))

    def place(self) -> str:
        if self.loc.level == "central":
            return self.pick(("各地", "国务院", "有关部门"))
        if self.loc.level == "campus":
            return self.pick(("学校", "我校"))
        return self.loc.home

    def place_doc(self) -> str:
        """The place in a document's name (《青溪县…实施方案》); nothing for central documents."""
        return {"central": "", "campus": self.base.city.replace("市", "") + "师范学院"}.get(self.loc.level, self.loc.home)

    def _named(self, text: str) -> str:
        """On a central site, a local organ is named with its place (县委 -> 青溪县委)."""
        if self.base.level == "central" and self.loc.level != "central":
            lv = self.loc.lv
            return self.loc.home + (text[1:] if text.startswith(lv) else text) if not text.startswith(self.loc.home) else text
        return text

    def org(self, topic: Topic | None = None) -> str:
        return self._named(self._org(topic))

    def _org(self, topic: Topic | None = None) -> str:
        lv = self.loc.lv
        if self.loc.level == "central":
            return self.pick(("国务院办公厅", "国家发展改革委", "有关部门", "各地各部门"))
        if self.loc.level == "campus":
            return self.pick(("学校党委", "学校", "校团委", "教务处", "学生工作部"))
        if topic is not None and self.r.random() < 0.6:
            return f"{lv}{topic.dept}"
        return self.pick((f"{lv}委、{lv}政府", f"{lv}政府", f"{lv}委", f"{lv}政府办公室", f"{lv}{self.pick(DEPTS)}"))

    def leader(self) -> str:
        return self._named(self._leader())

    def _leader(self) -> str:
        lv = self.loc.lv
        if self.loc.level == "central":
            role = self.pick(("国务院副秘书长", "国家发展改革委副主任", "财政部副部长", "农业农村部副部长", "生态环境部副部长"))
        elif self.loc.level == "campus":
            role = self.pick(("校党委书记", "校长", "副校长", "校党委副书记"))
        else:
            role = self.pick((f"{lv}委书记", f"{lv}长", f"副{lv}长", f"{lv}委常委、常务副{lv}长", f"{lv}委副书记"))
        return f"{role}{self.person()}"

    def num(self, lo=3, hi=900) -> int:
        return self.r.randint(lo, hi)

    def pct(self) -> str:
        return f"{self.r.uniform(3, 99):.1f}%"

    def md(self, d: dt.date) -> str:
        return f"{d.month}月{d.day}日"

    def fill(self, tpl: str, topic: Topic, d: dt.date | None = None, work: str | None = None) -> str:
        d = d or dt.date(2021, 3, 4)
        return tpl.format(n=self.num(), n2=self.num(20, 9000), pct=self.pct(), lv=self.loc.lv,
                          work=work or self.pick(topic.works), upper=UPPER[self.loc.level],
                          place=self.loc.home, md=self.md(d), d=self.r.randint(1, 5))

    # -- titles --
    def one(self, *makers: Callable[[], str]) -> str:
        """Call one of the makers (so that only the chosen template draws random numbers)."""
        return self.pick(makers)()

    def headline(self, topic: Topic, genre: str = "news", d: dt.date | None = None, work: str | None = None) -> str:
        d = d or dt.date(2021, 3, 4)
        w, p, y = work or self.pick(topic.works), self.place(), d.year
        doc = lambda: f"《{self.place_doc()}{w}{self.pick(DOC_TYPES)}》"
        if genre == "notice":
            return self.one(lambda: f"关于做好{y}年{w}工作的通知", lambda: f"关于开展{w}专项检查的通知", lambda: f"关于印发{doc()}的通知",
                            lambda: f"关于召开{w}工作会议的通知", lambda: f"关于进一步加强{w}工作的通知",
                            lambda: f"关于征求{doc()[:-1]}（征求意见稿）》意见的公告", lambda: f"{self.org(topic)}关于{w}有关事项的公告")
        if genre == "table":
            thing = self.pick(topic.things)
            return self.one(lambda: f"关于{y}年度{thing}拟认定名单的公示", lambda: f"{y}年{self.place_doc()}{thing}名单公示",
                            lambda: f"关于公布{y}年度{thing}名单的通知", lambda: f"{self.place_doc()}{y}年{thing}评审结果公示")
        if genre == "policy":
            pd = self.place_doc()
            return self.one(lambda: f"{pd}{w}{self.pick(DOC_TYPES)}", lambda: f"关于推进{w}高质量发展的实施意见",
                            lambda: f"{pd or '国务院'}{'人民政府' if pd and self.loc.level != 'campus' else ''}办公室关于印发{w}{self.pick(DOC_TYPES)}的通知")
        if genre == "speech":
            return self.one(lambda: f"在{p}{y}年{w}工作会议上的讲话", lambda: f"在{w}专题推进会上的讲话",
                            lambda: f"在全{self.loc.lv}{w}工作部署会上的讲话")
        if genre == "interview":
            return self.one(lambda: f"{w}如何再上新台阶？——访{self.org(topic)}主要负责同志", lambda: f"权威解读丨{doc()}",
                            lambda: f"聚焦{w}：{self.org(topic)}负责人答记者问")
        if genre == "commentary":
            f1 = self.pick(topic.focus)
            return self.one(lambda: f"以{f1}推动{w}走深走实", lambda: f"让{w}更有温度", lambda: f"在{w}中践行初心使命",
                            lambda: f"把{w}抓在手上、落到实处", lambda: f"{f1}，关键在落实", lambda: f"奋力开创{w}新局面",
                            lambda: f"以高质量{w}服务高质量发展")
        if genre == "blog":
            return self.one(lambda: f"关于{w}的几点思考", lambda: f"{self.town()}走访手记", lambda: f"学习{w}的一点体会",
                            lambda: f"参加{w}培训有感", lambda: f"{self.village()}见闻", lambda: f"记{self.town()}的一位{self.pick(topic.roles)}",
                            lambda: f"{self.pick(('春', '夏', '秋', '冬'))}日下乡随笔", lambda: f"再谈{w}", lambda: f"从{w}说开去",
                            lambda: f"{y}年{self.r.randint(1, 12)}月工作小记")
        if genre == "photo":
            return self.one(lambda: f"图片新闻：{self.town()}{w}见闻", lambda: f"镜头里的{w}", lambda: f"【图说】{self.town()}：{w}一线见闻")
        return self.one(lambda: f"{p}召开{w}{self.pick(MEETINGS)}", lambda: f"{p}扎实推进{w}工作", lambda: f"{self.town()}：{self.pick(topic.focus)}",
                        lambda: f"{self.leader()}调研{w}工作", lambda: f"{p}{w}工作取得阶段性成效", lambda: f"{self.org(topic)}开展{w}专项行动",
                        lambda: f"多措并举抓好{w}", lambda: f"{self.town()}{self.pick(topic.focus)}见实效",
                        lambda: f"{p}{self.num(5, 60)}个{w}项目集中推进", lambda: f"{self.village()}：{w}跑出“加速度”",
                        lambda: f"{self.town()}着力{self.pick(topic.focus)}")

    # -- sentences and paragraphs --
    def fact(self, topic: Topic) -> str:
        return self.fill(self.pick(topic.facts), topic)

    def actions(self, topic: Topic, work: str, k: int = 3) -> str:
        acts = [a.format(work=work) for a in self.r.sample(ACTIONS, k - 1)] + ["要" + self.pick(topic.focus)]
        self.r.shuffle(acts)
        return "，".join(acts)

    def two_focus(self, topic: Topic) -> str:
        return "，".join(self.r.sample(topic.focus, 2))

    def parts(self, topic: Topic, d: dt.date, kind: str, work: str) -> list[str]:
        """The paragraphs of one report, in the order such a report has them."""
        org, when = self.org(topic), self.pick(OPENERS[4:] if kind == "field" else OPENERS).format(md=self.md(d))
        scenes = self.r.sample(topic.scenes, len(topic.scenes))
        c1, c2 = self.r.sample(CLAIMS[:4], 2)
        claim = lambda: self.fill(self.pick(CLAIMS[:4]), topic, d, work)
        if kind == "meeting":
            return [
                f"{when}，{org}召开{work}{self.pick(MEETINGS)}，{self.leader()}出席会议并讲话。会议传达学习了{UPPER[self.loc.level]}关于{work}的决策部署和有关会议精神，听取了{self.pick(DEPTS)}等部门关于{work}进展情况的汇报，研究部署下一阶段重点任务。",
                f"会议指出，{self.fill(c1, topic, d, work)}。{self.fill(c2, topic, d, work)}。" + (
                    f"但也要清醒看到，{work}工作还存在{self.pick(WEAKS)}等问题，必须高度重视、切实解决。" if self.r.random() < 0.5 else ""),
                f"会议强调，{self.actions(topic, work)}。" + self.pick((
                    f"会议要求，各{self.pick(('地', '部门', '单位', '乡镇（街道）'))}要对照目标任务，倒排工期、挂图作战，确保各项工作落地见效。",
                    f"会议要求，各{self.pick(('地', '部门', '单位'))}主要负责同志要亲自抓、负总责，{self.pick(('分管同志要具体抓、抓具体', '层层传导压力'))}，确保{work}各项任务按期完成。",
                    f"会议还就{self.pick(topic.works)}等工作进行了安排部署。", "")),
                f"{self.leader()}在讲话中指出，{claim()}。{self.actions(topic, work, 2)}，{self.fill(self.pick(GOALS), topic, d, work)}。",
            ]
        if kind == "field":
            return [
                f"{when}，记者走进{self.town()}{self.village()}，只见{scenes[0]}。",
                f"“{self.pick(topic.quotes)}。”{self.pick(topic.roles)}{self.person()}告诉记者。{self.fact(topic)}。",
                f"据{self.town()}负责人介绍，当地坚持{self.two_focus(topic)}，{self.fact(topic)}。",
                f"{scenes[-1]}。{self.pick(topic.roles)}{self.person()}说：“{self.pick(topic.quotes)}。”",
            ]
        return [
            f"{when}，{org}坚持{self.two_focus(topic)}，{work}工作取得明显成效。截至{self.r.randint(1, 12)}月底，{self.fact(topic)}。",
            "{}".format("".join(f"{cn}是{f}。{self.fact(topic)}。" for cn, f in zip("一二三", self.r.sample(topic.focus, 3)))),
            f"据统计，{self.fact(topic)}，{self.fact(topic)}。{claim()}。",
            f"在推进过程中，{self.place()}注重{self.pick(topic.focus)}，针对{self.pick(WEAKS)}等问题，逐项制定整改措施，{self.fact(topic)}。",
        ]

    def closing(self, topic: Topic, d: dt.date, work: str) -> str:
        return f"下一步，{self.org(topic)}将{self.two_focus(topic)}，{self.fill(self.pick(GOALS), topic, d, work)}。"

    def paragraph(self, topic: Topic, d: dt.date, style: str, work: str) -> str:
        if style == "closing":
            return self.closing(topic, d, work)
        return self.pick(self.parts(topic, d, style, work)[1:])

    def news_body(self, topic: Topic, d: dt.date, n: int | None = None, work: str | None = None) -> list[str]:
        work = work or self.pick(topic.works)
        kind = self.pick(("meeting", "field", "progress"))
        main = self.parts(topic, d, kind, work)
        keep = [main[0]] + [p for p in main[1:] if self.r.random() < 0.75]
        other = self.pick([k for k in ("meeting", "field", "progress") if k != kind])
        extra = self.parts(topic, d, other, work)[1:] if other != "meeting" else []
        keep += self.r.sample(extra, min(len(extra), self.r.randint(0, 2)))
        if n and n > len(keep) + 1:
            keep += [self.parts(topic, d, "progress", work)[1] for _ in range(n - len(keep) - 1)]
        return keep + [self.closing(topic, d, work)]

    def commentary_body(self, topic: Topic, d: dt.date, n: int) -> list[str]:
        out = []
        if COMMENTARY and self.r.random() < 0.85:
            pool = [p for paras in self.r.sample(COMMENTARY, min(3, len(COMMENTARY))) for p in paras]
            out = self.r.sample(pool, min(n - 1, len(pool)))
        while len(out) < n - 1:
            out.append(self.paragraph(topic, d, self.pick(("meeting", "progress")), self.pick(topic.works))
                       .replace("会议指出，", "").replace("会议强调，", ""))
        out.append(self.paragraph(topic, d, "closing", self.pick(topic.works)))
        return out

    def summary(self, topic: Topic, long: bool = False, work: str | None = None) -> str:
        """A list teaser: one sentence, or (long) two to four."""
        w = work or self.pick(topic.works)
        org, p = self.org(topic), self.place()
        first = self.one(
            lambda: f"{self.pick(OPENERS[:3])}，{org}召开{w}{self.pick(MEETINGS)}，研究部署下一阶段重点任务。",
            lambda: f"今年以来，{p}坚持{self.two_focus(topic)}，{w}工作取得明显成效。",
            lambda: f"记者从{org}获悉，{self.fact(topic)}。",
            lambda: f"{self.town()}聚焦{self.pick(topic.focus)}，{self.fact(topic)}。",
            lambda: f"为进一步做好{w}工作，{org}近日印发通知，对{self.pick(topic.focus)}作出具体安排。",
            lambda: f"{self.pick(OPENERS[:3])}，{self.leader()}到{self.town()}调研{w}工作，实地察看项目推进情况。")
        if not long:
            return first
        more = [f"{self.fact(topic)}。", f"{self.fill(self.pick(CLAIMS), topic, work=w)}。",
                f"“{self.pick(topic.quotes)}。”{self.pick(topic.roles)}{self.person()}说。", self.closing(topic, dt.date(2021, 3, 4), w)]
        return first + "".join(self.r.sample(more, self.r.randint(1, 3)))

    def sentence(self, topic: Topic) -> str:
        return self.summary(topic).rstrip("。")


# ---------------------------------------------------------------------------------------------
# Site definitions: data only (the table itself is at the end of the module, after the
# renderers it names).
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """Markup habits of one site's content area (the chrome is its own function)."""
    para: str = "p"               # p | pi | pw | br | mso | wx | div
    date_fmt: str = "%Y-%m-%d"    # dates in lists
    art: str = ('<div class="article"><h1>{title}</h1>{subtitle}<div class="info">{info}</div>{meta}'
                '<div class="content">{body}</div>{tail}</div>')
    info: str = "发布时间：{date} {time}　来源：{source}"
    tail: str = '<div class="prevnext"><p>上一篇：{prev}</p><p>下一篇：{next}</p></div>'
    meta: str = ""                # 信息公开 table for notices and documents; "" for none
    list: str = "ul-span"         # how list entries are marked up (see list_items)
    list_frame: str = '<div class="list"><h2 class="lm">{title}</h2>{items}{pager}</div>'
    pager: str = "generic"        # see pager()
    img: str = "/uploadfile/{y}/{md}/{stamp}.jpg"
    attach: str = "/uploadfile/{y}/{md}/{stamp}{ext}"
    title_sep: str = "_"          # <title> is headline + sep + site name
    per_page: tuple[int, int] = (15, 25)


@dataclass(frozen=True)
class Site:
    id: str
    host: str
    name: str
    loc: Locale
    chrome: Callable[["Doc"], str]
    urls: Callable[..., str]
    channels: tuple[tuple[str, str], ...]   # (name, code) in nav order; the first is the main news channel
    style: Style
    articles: tuple[str, ...]              # article variants every seed has
    fill: tuple[str, ...]                  # variants the rest of the articles are drawn from
    n_articles: tuple[int, int]
    index: tuple[str, ...]
    other: tuple[str, ...]
    topics: tuple[str, ...]
    org: str                               # 主办单位
    undertaker: str                        # 承办单位
    abbr: str = "江"                        # ICP/公安备案 province character
    charset: str = "utf-8"
    source: str = ""                       # default 来源
    genres: tuple[str, ...] = ("news", "news", "news", "notice", "table", "commentary", "interview")  # of list headlines


@dataclass
class Item:
    """A headline somewhere on the site, linked from lists and sidebars."""
    title: str
    path: str
    when: dt.datetime
    topic: Topic
    summary: str = ""


@dataclass
class Doc:
    """One page before the chrome is put round it."""
    ctx: "Ctx"
    kind: str
    variant: str
    path: str
    title: str                               # headline, or the page's own name
    main: str
    crumbs: list[tuple[str, str]] = field(default_factory=list)   # after 首页; href "" for the current page
    chan: tuple[str, str] | None = None
    home: bool = False                       # the home page: no breadcrumbs, own layout
    bare: bool = False                       # a page the site keeps chrome-light (login, 404 on some sites)
    when: dt.datetime | None = None
    source: str = ""
    keywords: str = ""
    description: str = ""

    @property
    def site(self) -> Site:
        return self.ctx.site

    @property
    def head_title(self) -> str:
        if self.home:
            return self.site.name
        return f"{self.title}{self.site.style.title_sep}{self.site.name}"


class Ctx:
    """Generation state of one site: its random stream, writer and the pool of headlines."""

    def __init__(self, site: Site, seed: int):
        self.site = site
        self.r = random.Random(f"kind-pages:{seed}:{site.id}")
        self.w = Writer(self.r, site.loc)
        self.topics = [TOPIC_BY_KEY[k] for k in site.topics]
        self.used_paths: set[str] = set()
        self.used_titles: set[str] = set()
        self.items: list[Item] = []
        self.tags = self.r.sample([w for t in self.topics for w in t.works], min(8, sum(len(t.works) for t in self.topics)))
        self.specials = [self.w.pick(("学习贯彻党的二十大精神", "优化营商环境", "乡村振兴", "平安建设", "文明城市创建",
                                      "政府信息公开", "“我为群众办实事”", "安全生产月", "防汛抗旱", "民生实事"))
                         for _ in range(4)]
        self.specials = list(dict.fromkeys(self.specials))
        self.hexes = {k: "%032x" % self.r.getrandbits(128) for k in ("baidu", "trs", "site")}
        self.code = str(self.r.randint(1000000000, 9999999999))
        self.now = dt.date(2024, 6, 28) - dt.timedelta(days=self.r.randint(0, 60))

    # -- randomness helpers --
    def topic(self) -> Topic:
        return self.r.choice(self.topics)

    def when(self, lo: dt.date = dt.date(2019, 1, 2), hi: dt.date | None = None) -> dt.datetime:
        hi = hi or self.now
        day = lo + dt.timedelta(days=self.r.randint(0, (hi - lo).days))
        return dt.datetime(day.year, day.month, day.day, self.r.randint(7, 21), self.r.randint(0, 59), self.r.randint(0, 59))

    def url(self, what: str, **kw) -> str:
        return self.site.urls(self.r, what, **kw)

    def fresh(self, what: str, **kw) -> str:
        for _ in range(50):
            path = self.url(what, **kw)
            if path not in self.used_paths:
                self.used_paths.add(path)
                return path
        raise RuntimeError(f"{self.site.id}: no fresh {what} URL")

    def title(self, topic: Topic, genre: str, d: dt.date, work: str | None = None) -> str:
        for _ in range(30):
            t = self.w.headline(topic, genre, d, work)
            if t not in self.used_titles:
                break
        self.used_titles.add(t)
        return t

    def chan(self) -> tuple[str, str]:
        return self.r.choice(self.site.channels[:8])

    # -- the headline pool --
    def fill_pool(self, n: int = 90) -> None:
        for _ in range(n):
            self.w.scope()
            topic = self.topic()
            when = self.when()
            genre = self.r.choice(self.site.genres)
            title = self.title(topic, genre, when.date())
            self.items.append(Item(title, self.url("article", d=when, chan=self.chan()[1]), when, topic))

    def fresh_items(self, n: int, anchor: dt.date | None = None, chan: str | None = None, topic: Topic | None = None) -> list[Item]:
        """n new headlines dated backwards from anchor, the way a channel list shows them."""
        r = self.r
        day = anchor or self.now
        out = []
        for _ in range(n):
            day -= dt.timedelta(days=r.choice((0, 0, 0, 1, 1, 2, 3, 5)))
            when = dt.datetime(day.year, day.month, day.day, r.randint(7, 21), r.randint(0, 59), r.randint(0, 59))
            self.w.scope()
            t = topic or self.topic()
            title = self.title(t, r.choice(self.site.genres), day)
            out.append(Item(title, self.url("article", d=when, chan=chan or self.chan()[1]), when, t))
        self.w.loc = self.w.base
        return out

    def pick_items(self, n: int, newest: bool = True) -> list[Item]:
        got = self.r.sample(self.items, min(n, len(self.items)))
        return sorted(got, key=lambda i: i.when, reverse=True) if newest else got

    def summary(self, item: Item, long: bool = False) -> str:
        if not item.summary:
            item.summary = self.w.summary(item.topic, long=True)
        s = item.summary
        return s if long else s.split("。")[0] + "。"

    def hot(self, n: int = 8) -> list[Item]:
        return self.pick_items(n, newest=False)

    def links(self, label: str = "") -> list[tuple[str, str]]:
        """友情链接 for a select box; what they are follows the box's label."""
        loc, r = self.site.loc, self.r
        place = lambda unit: r.choice(PLACE_A) + r.choice(PLACE_B) + unit
        if any(k in label for k in ("部门", "部委", "中央")) and not any(k in label for k in ("省级", "市直", "县直")):
            names = r.sample(MINISTRIES, 10)
        elif any(k in label for k in ("省级", "市直", "县直")):
            lv = {"省": "省", "市": "市", "县": "县"}.get(label[0], loc.lv)
            names = [f"{loc.home if lv == loc.lv else loc.prov}{d}" for d in r.sample(DEPTS, 10)]
        elif "上级" in label:
            names = [f"{loc.prov}人民政府", f"{loc.city}人民政府"] + [f"{loc.prov}{d.replace('局', '厅')}" for d in r.sample(DEPTS, 8)]
        elif any(k in label for k in ("各市", "地方", "省内")):
            names = [f"{place('市')}人民政府" for _ in range(10)]
        elif any(k in label for k in ("县", "乡镇", "周边")):
            names = [f"{place(r.choice(('县', '县', '区', '镇')))}人民政府" for _ in range(10)]
        elif any(k in label for k in ("媒体",)):
            names = [f"{place('')}{r.choice(MEDIA_SUFFIX)}" for _ in range(10)]
        elif any(k in label for k in ("校", "院校")):
            names = [place(r.choice(("大学", "学院", "职业技术学院"))) for _ in range(10)]
        else:
            names = [f"{loc.prov}人民政府", f"{loc.city}人民政府", f"{loc.county}人民政府", f"{loc.prov}发展和改革委员会",
                     f"{loc.prov}教育厅", f"{loc.city[:-1]}日报", f"{loc.prov}政务服务网", f"{loc.city}公共资源交易中心",
                     f"{loc.prov}人力资源和社会保障厅", f"{loc.city}生态环境局"]
        k = r.randint(6, 10)
        return [(n, f"http://www.l{h32(n) % 99991}.gov.cn.test/") for n in list(dict.fromkeys(names))[:k]]

    def icp(self) -> str:
        return f"{self.site.abbr}ICP备{int(self.code[:8]) % 90000000 + 10000000}号-{int(self.code[-1]) % 3 + 1}"

    def gongan(self) -> str:
        return f"{self.site.abbr}公网安备 {self.code}{self.code[:4]}号"

    def bsm(self) -> str:
        return self.code


# ---------------------------------------------------------------------------------------------
# Shared markup pieces
# ---------------------------------------------------------------------------------------------

def ymd(d: dt.date | dt.datetime, fmt: str = "%Y-%m-%d") -> str:
    # %-m is not portable; these markers give the unpadded forms.
    return (d.strftime(fmt.replace("%-m", "{M}").replace("%-d", "{D}"))
            .replace("{M}", str(d.month)).replace("{D}", str(d.day)))


def stamp(r: random.Random, d: dt.date) -> str:
    return f"{d:%Y%m%d}{r.randint(100000, 999999)}{r.randint(100, 999)}"


def h32(text: str) -> int:
    """A stable hash (``hash()`` of a str changes from process to process)."""
    return zlib.crc32(text.encode("utf-8"))


def a(href: str, text: str, **attrs) -> str:
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{esc(str(v))}"' for k, v in attrs.items())
    return f'<a href="{esc(href)}"{extra}>{esc(text)}</a>'


PARA = {
    "p": "<p>{}</p>",
    "pi": '<p style="text-indent:2em;">{}</p>',
    "pw": "<p>　　{}</p>",
    "br": "　　{}<br><br>\n",
    "mso": ('<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt;mso-line-height-rule:exactly">'
            '<span style="font-size:16.0pt;font-family:仿宋_GB2312">{}</span></p>'),
    "wx": ('<section style="margin-left:8px;margin-right:8px;"><p style="line-height:1.75em;letter-spacing:1px;">'
           '<span style="font-size:15px;color:rgb(63,63,63);">{}</span></p></section>'),
    "div": '<div style="text-indent:2em;line-height:2em;">{}</div>',
}
HEAD = {
    "br": "<b>{}</b><br><br>\n",
    "wx": ('<section style="text-align:center;margin:20px 8px 10px;"><p><strong><span style="color:rgb(178,34,34);'
           'font-size:17px;">{}</span></strong></p></section>'),
    "mso": ('<p class="MsoNormal" style="text-indent:32.0pt;line-height:28.0pt"><span style="font-size:16.0pt;'
            'font-family:黑体">{}</span></p>'),
}


def render_blocks(site: Site, r: random.Random, d: dt.date, blocks: list[tuple]) -> str:
    """Article body blocks -> HTML in the site's paragraph habit.

    Blocks: ("p", text) ("h", text) ("img", caption) ("table", rows) ("attach", [names])
    ("sign", [lines]) ("qa", question, answer) ("raw", html).
    """
    mode = site.style.para
    ptpl, htpl = PARA[mode], HEAD.get(mode, "<p><strong>{}</strong></p>")
    out = []
    for b in blocks:
        tag = b[0]
        if tag == "p":
            out.append(ptpl.format(esc(b[1], quote=False)))
        elif tag == "h":
            out.append(htpl.format(esc(b[1], quote=False)))
        elif tag == "img":
            src = site.style.img.format(y=d.year, md=f"{d:%m%d}", stamp=stamp(r, d), ym=f"{d:%Y%m}")
            cap = esc(b[1]) if b[1] else ""
            if mode == "br":
                out.append(f'<div align="center"><img src="{src}" border="0" width="500"></div>'
                           + (f'<div align="center"><font color="#333333">{cap}</font></div><br>\n' if cap else "<br>\n"))
            elif mode == "wx":
                out.append(f'<section style="text-align:center;"><img class="rich_pages wxw-img" data-src="{src}" '
                           f'data-ratio="0.6666" data-w="1080" src="{src}" style="width:100%;"></section>'
                           + (f'<section style="text-align:center;"><span style="font-size:12px;color:#888;">{cap}</span></section>' if cap else ""))
            else:
                out.append(f'<p style="text-align:center;"><img src="{src}" alt="{cap}" title="" border="0" /></p>'
                           + (f'<p style="text-align:center;">{cap}</p>' if cap else ""))
        elif tag == "table":
            rows = b[1]
            cls = 'class="MsoNormalTable" ' if mode == "mso" else ""
            trs = []
            for i, row in enumerate(rows):
                cell = "td" if i or mode == "br" else "th" if r.random() < 0.5 else "td"
                if mode == "mso":
                    tds = "".join(f'<td style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center" '
                                  f'style="text-align:center"><span style="font-size:12.0pt">{esc(str(c))}</span></p></td>' for c in row)
                else:
                    tds = "".join(f"<{cell}>{esc(str(c))}</{cell}>" for c in row)
                trs.append(f"<tr>{tds}</tr>")
            out.append(f'<table {cls}border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">'
                       f'<tbody>{"".join(trs)}</tbody></table>')
        elif tag == "attach":
            links = []
            for name in b[1]:
                ext = r.choice(ATTACH_EXT)
                href = site.style.attach.format(y=d.year, md=f"{d:%m%d}", stamp=stamp(r, d), ext=ext, ym=f"{d:%Y%m}")
                links.append(f'<a href="{href}" target="_blank">{esc(name)}{ext}</a>')
            sep = "<br>" if mode == "br" else "</p><p>"
            out.append(f"<p>附件：{sep.join(links)}</p>" if len(links) == 1 else f"<p>附件：</p><p>{sep.join(links)}</p>")
        elif tag == "sign":
            out.append("".join(f'<p style="text-align:right;">{esc(x)}</p>' for x in b[1]))
        elif tag == "qa":
            out.append(ptpl.format(f"<strong>问：{esc(b[1])}</strong>"))
            out.append(ptpl.format(f"答：{esc(b[2])}"))
        elif tag == "raw":
            out.append(b[1])
    return "\n".join(out)


def list_items(ctx: Ctx, items: list[Item], summaries: str = "", style: str | None = None) -> str:
    """Headline entries in the site's list habit; summaries "" | "short" | "long"."""
    site, r = ctx.site, ctx.r
    style = style or site.style.list
    style = "ul-span" if style == "jcms" else style
    fmt = site.style.date_fmt
    rows = []
    for it in items:
        d, t, href = ymd(it.when, fmt), esc(it.title), esc(it.path)
        summ = ctx.summary(it, long=summaries == "long") if summaries else ""
        s = esc(summ)
        if style == "ul-em":
            rows.append(f'<li><a href="{href}" target="_blank">{t}</a> <em>{d}</em>' + (f'<p>{s}</p>' if s else "") + "</li>")
        elif style == "ul-span":
            rows.append(f'<li><span class="date">{d}</span><a href="{href}" title="{t}" target="_blank">{t}</a>'
                        + (f'<p class="zy">{s}</p>' if s else "") + "</li>")
        elif style == "table":
            rows.append(f'<tr><td width="20" align="center"><img src="/images/dot.gif" width="4" height="4" /></td>'
                        f'<td class="bt"><a href="{href}" target="_blank" title="{t}">{t}</a>'
                        + (f'<br /><span class="zy">{s}</span>' if s else "")
                        + f'</td><td width="90" class="rq">{d}</td></tr>'
                        '<tr><td colspan="3" height="1" background="/images/line_dot.gif"></td></tr>')
        elif style == "dl":
            rows.append(f'<dl class="news_item"><dt><a href="{href}" target="_blank">{t}</a></dt>'
                        + (f'<dd class="zhaiyao">{s}</dd>' if s else "") + f'<dd class="time">{d}</dd></dl>')
        elif style == "div-item":
            rows.append(f'<div class="item clearfix"><h3><a href="{href}">{t}</a></h3>'
                        + (f'<p class="desc">{s}</p>' if s else "") + f'<p class="meta"><span class="time">{d}</span></p></div>')
        elif style == "font":
            rows.append(f'<TR><TD height=24>·<A href="{href}" title="{t}" target=_blank>{t}</A>'
                        f'<FONT color=#999999>({d})</FONT>' + (f'<BR><FONT color=#666666>{s}</FONT>' if s else "") + "</TD></TR>")
        elif style == "li-h3":
            img = f'<div class="pic"><a href="{href}"><img src="/images/thumb/{r.randint(1000, 9999)}.jpg" alt="" /></a></div>' if s and r.random() < 0.5 else ""
            rows.append(f'<li class="clearfix">{img}<h3><a href="{href}" target="_blank">{t}</a></h3>'
                        + (f'<p class="summary">{s}</p>' if s else "") + f'<div class="info"><span class="time">{d}</span></div></li>')
        elif style == "blog":
            rows.append(f'<article class="post type-post status-publish format-standard hentry"><header class="entry-header">'
                        f'<h2 class="entry-title"><a href="{href}" rel="bookmark">{t}</a></h2><div class="entry-meta">'
                        f'<span class="posted-on">发布于 <time class="entry-date published" datetime="{it.when:%Y-%m-%dT%H:%M:%S}+08:00">'
                        f'{it.when.year}年{it.when.month}月{it.when.day}日</time></span></div></header><div class="entry-summary">'
                        f'<p>{s or esc(ctx.summary(it, long=True))} <a class="more-link" href="{href}">继续阅读<span class="screen-reader-text">{t}</span></a></p>'
                        f'</div></article>')
        else:
            raise ValueError(style)
    body = "\n".join(rows)
    if style in ("ul-em", "ul-span", "li-h3"):
        cls = {"ul-em": "list_ej2", "ul-span": "list-news", "li-h3": "dataList"}[style]
        if style == "ul-em":  # people-style: groups of five, separated by a line
            groups = [rows[i:i + 5] for i in range(0, len(rows), 5)]
            return "\n".join(f'<ul class="{cls}">' + "\n".join(g) + '</ul>' for g in groups)
        return f'<ul class="{cls}">\n{body}\n</ul>'
    if style == "table":
        return f'<table width="100%" border="0" cellspacing="0" cellpadding="0" class="list_table">\n{body}\n</table>'
    if style == "font":
        return f'<TABLE cellSpacing=0 cellPadding=0 width="100%" border=0>\n{body}\n</TABLE>'
    return body


def pager(style: str, cur: int, total: int, link: Callable[[int], str], count: int = 0) -> str:
    """A pagination bar: cur is 1-based; link(n) gives the URL of page n."""
    count = count or total * 20 - 7
    nums = [n for n in range(max(1, cur - 3), min(total, cur + 4) + 1)]
    def num_links(cur_tpl: str, tpl: str) -> str:
        return "".join(cur_tpl.format(n=n) if n == cur else tpl.format(n=n, h=esc(link(n))) for n in nums)
    prev_h, next_h, last_h = esc(link(max(1, cur - 1))), esc(link(min(total, cur + 1))), esc(link(total))
    if style == "trs":
        return (f'<div class="page"><script type="text/javascript">var currentPage = {cur - 1};var countPage = {total};'
                f'createPageHTML(countPage, currentPage, "index", "html");</script>'
                f'共{total}页&nbsp;&nbsp;<a href="{esc(link(1))}">首页</a> <a href="{prev_h}">上一页</a> '
                + num_links('<span class="cur">{n}</span> ', '<a href="{h}">{n}</a> ')
                + f'<a href="{next_h}">下一页</a> <a href="{last_h}">尾页</a></div>')
    if style == "people":
        return ('<div class="page_n clearfix">' + num_links('<a href="#" class="common_current">{n}</a>', '<a href="{h}">{n}</a>')
                + f'<a href="{next_h}">下一页</a></div>')
    if style == "jcms":
        return (f'<div class="default_pgContainer"><span class="default_pgTotalRecord">共{count}条记录</span> '
                f'<span class="default_pgTotalPage">{total}页</span> <a class="default_pgStart" href="{esc(link(1))}">首页</a> '
                f'<a class="default_pgPrev" href="{prev_h}">上页</a> <span class="default_pgCurrentPage">{cur}</span> '
                f'<a class="default_pgNext" href="{next_h}">下页</a> <a class="default_pgEnd" href="{last_h}">尾页</a> '
                f'转到第<input type="text" class="default_pgCurrentPage" size="3" value="{cur}">页 '
                f'<a class="default_pgJump" href="javascript:void(0)">跳转</a></div>')
    if style == "phpcms":
        return (f'<div id="pages" class="text-c"><a class="a1">{count}条</a> <a href="{prev_h}" class="a1">上一页</a> '
                + num_links("<span>{n}</span> ", '<a href="{h}">{n}</a> ') + f'<a href="{next_h}" class="a1">下一页</a></div>')
    if style == "asp":
        return (f'<DIV align=center>共 <B>{count}</B> 篇文章&nbsp;&nbsp;<A href="{esc(link(1))}">首页</A> <A href="{prev_h}">上一页</A>&nbsp;'
                f'<A href="{next_h}">下一页</A> <A href="{last_h}">尾页</A>&nbsp;页次：<STRONG><FONT color=red>{cur}</FONT>/{total}</STRONG>页 '
                f'&nbsp;<B>20</B>篇文章/页&nbsp;转到：<SELECT onchange="javascript:window.location=this.options[this.selectedIndex].value;">'
                + "".join(f'<OPTION value="{esc(link(n))}"{" selected" if n == cur else ""}>第{n}页</OPTION>' for n in range(1, min(total, 12) + 1))
                + "</SELECT></DIV>")
    if style == "discuz":
        return ('<div class="pg">' + (f'<a href="{prev_h}" class="prev">&nbsp;&nbsp;</a>' if cur > 1 else "")
                + num_links("<strong>{n}</strong>", '<a href="{h}">{n}</a>') + (f'<a href="{last_h}" class="last">... {total}</a>' if total > cur + 4 else "")
                + f'<label><input type="text" name="custompage" class="px" size="2" title="输入页码，按回车快速跳转" value="{cur}" />'
                f'<span title="共 {total} 页"> / {total} 页</span></label><a href="{next_h}" class="nxt">下一页</a></div>')
    if style == "blog":
        return ('<nav class="navigation pagination" aria-label="文章"><h2 class="screen-reader-text">文章导航</h2><div class="nav-links">'
                + (f'<a class="prev page-numbers" href="{prev_h}">上一页</a>' if cur > 1 else "")
                + num_links('<span aria-current="page" class="page-numbers current">{n}</span>', '<a class="page-numbers" href="{h}">{n}</a>')
                + (f'<span class="page-numbers dots">&hellip;</span><a class="page-numbers" href="{last_h}">{total}</a>' if total > cur + 4 else "")
                + f'<a class="next page-numbers" href="{next_h}">下一页</a></div></nav>')
    if style == "vsb":
        return (f'<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_pages"><span class="p_t">共{count}条</span>'
                f'<span class="p_t">{cur}/{total}</span><span class="p_first"><a href="{esc(link(1))}">首页</a></span>'
                f'<span class="p_prev"><a href="{prev_h}">上页</a></span>'
                + num_links('<span class="p_no_d">{n}</span>', '<span class="p_no"><a href="{h}">{n}</a></span>')
                + f'<span class="p_next"><a href="{next_h}">下页</a></span><span class="p_last"><a href="{last_h}">尾页</a></span></span></div>')
    if style == "bootstrap":
        return ('<nav class="text-center"><ul class="pagination">' + f'<li><a href="{prev_h}" aria-label="上一页">&laquo; 上一页</a></li>'
                + num_links('<li class="active"><a href="#">{n}</a></li>', '<li><a href="{h}">{n}</a></li>')
                + f'<li><a href="{next_h}" aria-label="下一页">下一页 &raquo;</a></li><li class="disabled"><span>共{total}页</span></li></ul></nav>')
    if style == "more":  # news-agency style: a load-more button with a few static pages behind it
        return (f'<div class="xpage-more-btn" id="more" data-page="{cur}">加载更多</div><div class="xpage" style="display:none">'
                + num_links("<b>{n}</b>", '<a href="{h}">{n}</a>') + f'<a href="{next_h}">下一页</a></div>')
    # generic
    return (f'<div class="pagelist"><a href="{esc(link(1))}">首页</a><a href="{prev_h}">上一页</a>'
            + num_links('<a class="on">{n}</a>', '<a href="{h}">{n}</a>')
            + f'<a href="{next_h}">下一页</a><a href="{last_h}">尾页</a><span class="total">共{total}页</span></div>')


# ---------------------------------------------------------------------------------------------
# Articles: bodies by genre, then the page
# ---------------------------------------------------------------------------------------------

CN_NUM = "一二三四五六七八九十"


def cn(n: int) -> str:
    return CN_NUM[n - 1] if n <= 10 else "十" + CN_NUM[n - 11]


def body_blocks(ctx: Ctx, variant: str, topic: Topic, when: dt.datetime, work: str) -> tuple[str, list[tuple], str | None]:
    """(genre, blocks, title or None) for one article variant."""
    w, r, d = ctx.w, ctx.r, when.date()
    lv = ctx.site.loc.lv
    org = w.org(topic)
    sign = ("sign", [org, f"{d.year}年{d.month}月{d.day}日"])
    if variant == "notice_short":
        later = d + dt.timedelta(days=r.randint(3, 12))
        doc = f"《{w.place_doc()}{work}{w.pick(DOC_TYPES)}》"
        thing = w.pick(topic.things)
        kind = r.choice(("meeting", "forward", "apply", "consult"))
        if kind == "meeting":
            venue = r.choice((f"{lv}行政中心{r.randint(2, 9)}号会议室", f"{lv}政务服务中心{r.randint(2, 6)}楼会议室", "视频会议室"))
            title = f"关于召开{work}工作会议的通知"
            text = (f"定于{later.month}月{later.day}日上午9:00在{venue}召开{work}工作会议，请各单位分管负责同志准时参加。"
                    f"请于{later.month}月{max(1, later.day - 1)}日下班前将参会回执报送至{org}。")
            att = "参会回执"
        elif kind == "forward":
            title = f"关于印发{doc}的通知"
            text = f"现将{doc}印发给你们，请结合实际认真贯彻落实。"
            att = doc.strip("《》")
        elif kind == "apply":
            title = f"关于开展{d.year}年度{thing}申报工作的通知"
            text = (f"为做好{work}工作，现组织开展{d.year}年度{thing}申报工作，请符合条件的单位于{later.month}月{later.day}日前"
                    f"按要求报送申报材料。逾期不予受理。")
            att = f"{thing}申报表"
        else:
            title = f"关于征求{doc[:-1]}（征求意见稿）》意见的公告"
            text = (f"为{w.pick(topic.focus)}，{org}起草了{doc[:-1]}（征求意见稿）》，现向社会公开征求意见。"
                    f"有关单位和个人可于{later.year}年{later.month}月{later.day}日前通过电子邮件反馈意见建议。")
            att = f"{doc.strip('《》')}（征求意见稿）"
        blocks = [("p", text)]
        if kind != "consult":
            blocks.insert(0, ("p", r.choice(("各有关单位：", f"各乡镇（街道），{lv}直各单位：", "各相关单位："))))
        if r.random() < 0.6:
            blocks.append(("p", f"联系人：{w.person()}，电话：0{r.randint(510, 939)}-{r.randint(2000000, 8999999)}。"))
        return "notice", blocks + [("attach", [att]), sign], title
    if variant == "notice":
        blocks = [("p", r.choice((f"各乡镇人民政府、街道办事处，{lv}政府各部门、各直属机构：", "各有关单位：", f"各{lv}（区）人民政府，{lv}政府各部门：")))]
        blocks.append(("p", f"为深入贯彻落实{UPPER[ctx.site.loc.level]}关于{work}的决策部署，进一步做好{work}工作，经{lv}政府同意，现就有关事项通知如下："))
        heads = r.sample(("提高思想认识", "明确目标任务", "突出工作重点", "强化组织保障", "加强督促检查", "严格工作纪律", "做好宣传引导"), r.randint(3, 5))
        for i, h in enumerate(heads, 1):
            blocks.append(("h", f"{cn(i)}、{h}"))
            for _ in range(r.randint(1, 2)):
                blocks.append(("p", w.paragraph(topic, d, r.choice(("progress", "meeting")), work)
                               .replace("会议强调，", "").replace("会议指出，", "").replace("会议要求，", "")))
        if r.random() < 0.5:
            blocks.append(("attach", [f"{work}任务分解表", "联系人名单"][: r.randint(1, 2)]))
        return "notice", blocks + [sign] + ([("p", "（此件公开发布）")] if r.random() < 0.5 else []), None
    if variant == "policy":
        blocks = []
        chapters = ("总则", "职责分工", "工作措施", "保障措施", "附则")
        k = 0
        for ci, ch in enumerate(chapters[: r.randint(3, 5)], 1):
            blocks.append(("h", f"第{cn(ci)}章　{ch}"))
            for _ in range(r.randint(2, 4)):
                k += 1
                if k == 1:
                    text = f"为进一步做好{work}工作，根据有关法律法规和政策规定，结合本{lv}实际，制定本办法。"
                elif k == 2:
                    text = f"本办法适用于本{lv}行政区域内{work}相关工作的组织实施和监督管理。"
                else:
                    text = w.paragraph(topic, d, "progress", work).split("。")[0].replace("今年以来，", "") + "。" + r.choice((
                        f"{w.pick(DEPTS)}负责统筹协调，有关部门按照职责分工做好相关工作。", "具体办法由主管部门另行制定。",
                        f"各乡镇（街道）应当{w.pick(topic.focus)}，并定期报送工作进展情况。", ""))
                blocks.append(("p", f"第{cn(k) if k <= 20 else k}条　{text}"))
        blocks.append(("p", f"第{cn(k + 1) if k < 20 else k + 1}条　本办法自{d.year}年{d.month}月{d.day}日起施行，有效期{r.choice(('3', '5'))}年。"))
        return "policy", blocks, None
    if variant == "table":
        thing = w.pick(topic.things)
        later = d + dt.timedelta(days=r.randint(5, 9))
        blocks = [("p", f"根据《{w.place()}{thing}认定管理办法》有关规定，经单位申报、{lv}级审核、专家评审等程序，现将{d.year}年度{thing}拟认定名单予以公示。"),
                  ("p", f"公示期为{d.year}年{d.month}月{d.day}日至{later.month}月{later.day}日。公示期间，如有异议，请以书面形式向{org}反映，并提供必要的证明材料。")]
        kind = r.choice(("org", "person"))
        if kind == "org":
            rows = [["序号", "单位名称", "所在乡镇（街道）", "类别", "备注"]]
            rows += [[i, w.company(), w.town(), r.choice(("新认定", "复核通过", "新认定")), ""] for i in range(1, r.randint(15, 40))]
        else:
            rows = [["序号", "姓名", "性别", "工作单位", "职务/职称"]]
            rows += [[i, w.person(), r.choice("男女"), f"{w.town()}{r.choice(('人民政府', '中心学校', '卫生院', '便民服务中心', '农业综合服务站'))}",
                      r.choice(("科员", "副主任", "主任", "一级教师", "高级教师", "主治医师", "站长"))] for i in range(1, r.randint(15, 40))]
        blocks.append(("table", rows))
        blocks.append(("p", f"联系电话：0{r.randint(510, 939)}-{r.randint(2000000, 8999999)}　监督电话：0{r.randint(510, 939)}-{r.randint(2000000, 8999999)}"))
        return "table", blocks + [sign], None
    if variant in ("commentary", "blogpost"):
        paras = w.commentary_body(topic, d, r.randint(6, 10))
        blocks = [("p", p) for p in paras]
        if variant == "blogpost":
            blocks.insert(0, ("p", r.choice((f"最近参加了{w.place()}组织的{work}专题培训，听了几位同志的交流发言，很受启发，把几点体会记录下来。",
                                             f"前几天和几位基层的老同事聊起{work}，感触很多，整理成文，与大家交流。",
                                             f"这篇是在单位{work}学习会上的发言稿，稍作整理后发在这里。"))))
        if len(blocks) > 6 and r.random() < 0.5:
            for i, pos in enumerate(sorted(r.sample(range(1, len(blocks) - 1), 3)), 0):
                blocks.insert(pos + i, ("h", f"{cn(i + 1)}、{w.pick(topic.focus)}"))
        return ("blog" if variant == "blogpost" else "commentary"), blocks, None
    if variant == "speech":
        blocks = [("p", "同志们："), ("p", f"这次会议的主要任务是，深入贯彻落实{UPPER[ctx.site.loc.level]}关于{work}的决策部署，总结工作，分析形势，部署任务。刚才，{w.pick(DEPTS)}等单位作了交流发言，讲得都很好，请大家认真学习借鉴。下面，我讲三点意见。")]
        for i in range(1, 4):
            blocks.append(("h", f"{cn(i)}、{r.choice(('统一思想，', '突出重点，', '压实责任，', '守正创新，'))}{w.pick(topic.focus)}"))
            blocks += [("p", p) for p in w.commentary_body(topic, d, r.randint(2, 3))[:-1]]
        blocks.append(("p", f"同志们，做好{work}工作责任重大、使命光荣。让我们{w.fill(w.pick(GOALS), topic, d, work)}！"))
        return "speech", blocks, None
    if variant == "interview":
        blocks = [("p", f"近日，{w.place()}印发《{work}{w.pick(DOC_TYPES)}》。围绕文件出台的背景、主要内容和下一步工作安排，记者采访了{w.org(topic)}有关负责同志。")]
        qs = [r.choice((f"请介绍一下《{work}{w.pick(DOC_TYPES)}》出台的背景。", f"为什么要出台这份关于{work}的文件？")),
              f"在{work}方面，{w.place()}有哪些主要举措？", r.choice(("文件提出了哪些具体目标？", "今年的目标任务是什么？")),
              r.choice(("群众和企业能享受到哪些实惠？", f"{w.pick(topic.roles)}最关心的问题有哪些？")),
              r.choice(("下一步如何抓好贯彻落实？", "如何确保各项措施落地见效？")), "在推进过程中遇到了哪些困难，如何解决？"]
        qs = qs[:1] + r.sample(qs[1:], len(qs) - 1)
        for q in qs[: r.randint(4, 6)]:
            blocks.append(("qa", q, w.paragraph(topic, d, r.choice(("progress", "field")), work)))
        return "interview", blocks, None
    if variant == "photo":
        blocks = [("p", w.parts(topic, d, "field", work)[0]), ("img", "")]
        for _ in range(r.randint(2, 4)):
            blocks.append(("img", f"{w.town()}{r.choice(('工作人员', '村民', '志愿者', '干部群众'))}{r.choice(('正在', '积极'))}{r.choice(('开展', '参与'))}{work}相关工作。"))
        blocks.append(("p", w.fact(topic) + "。" + w.closing(topic, d, work)))
        return "photo", blocks, None
    # news and its relatives
    paras = w.news_body(topic, d, work=work)
    blocks = [("p", p) for p in paras]
    if r.random() < 0.35:
        blocks.insert(r.randint(1, len(blocks) - 1), ("img", r.choice(("", f"图为{work}工作现场。", f"{w.town()}{work}现场。"))))
    return "news", blocks, None


def dateline(ctx: Ctx, d: dt.date) -> str:
    site, w = ctx.site, ctx.w
    return ctx.r.choice((
        f"本报讯（记者 {w.person()} 通讯员 {w.person()}）",
        f"{site.loc.city[:-1]}讯（记者{w.person()}）", "",  "", f"（{w.person()}）"))


def article_doc(ctx: Ctx, variant: str) -> Doc:
    site, r, w = ctx.site, ctx.r, ctx.w
    base, _, alt = variant.partition("@")
    w.scope()
    topic, when, chan = ctx.topic(), ctx.when(), ctx.chan()
    work = w.pick(topic.works)
    content_variant = {"related": "news", "paged": r.choice(("news", "commentary")), "paged2": "commentary",
                       "wx": r.choice(("news", "news", "commentary", "photo")), "portal": "news", "epaper": "news"}.get(base, base)
    genre, blocks, title = body_blocks(ctx, content_variant, topic, when, work)
    if title:
        ctx.used_titles.add(title)
    else:
        title = ctx.title(topic, genre, when.date(), work)
    if genre == "news" and r.random() < 0.5 and blocks and blocks[0][0] == "p":
        blocks[0] = ("p", dateline(ctx, when.date()) + blocks[0][1])
    path = ctx.fresh("article_alt" if alt else "article", d=when, chan=chan[1])
    d = when.date()

    # a paginated article shows one page of its text and a page bar
    art_pager = ""
    if base in ("paged", "paged2"):
        while len(blocks) < 9:
            blocks.append(("p", w.paragraph(topic, d, "progress", work)))
        total = r.randint(2, 4)
        size = -(-len(blocks) // total)
        cur = 2 if base == "paged2" else 1
        stem, ext = re.match(r"(.*?)(\.[a-z]+)?$", path).groups()
        link = lambda n: f"{stem}{ext or ''}" if n == 1 else f"{stem}_{n}{ext or ''}"
        if cur == 2:
            path = link(2)
            ctx.used_paths.add(path)
        blocks = blocks[(cur - 1) * size: cur * size]
        art_pager = ('<div class="page_article" style="text-align:center">' + r.choice(("", f"共{total}页 ", f"第{cur}页 ")) + (f'<a href="{esc(link(cur - 1))}">上一页</a> ' if cur > 1 else "")
                     + " ".join(f"<span>{n}</span>" if n == cur else f'<a href="{esc(link(n))}">{n}</a>' for n in range(1, total + 1))
                     + (f' <a href="{esc(link(cur + 1))}">下一页</a>' if cur < total else "") + "</div>")
    body = render_blocks(site, r, d, blocks) + art_pager

    source = site.source or site.name
    if genre in ("notice", "table", "policy"):
        signed = [b[1][0] for b in blocks if b[0] == "sign"]
        source = signed[0] if signed else w.org(topic) if site.loc.level != "central" else r.choice(("国务院办公厅", "国家发展改革委", "财政部"))
    elif r.random() < 0.3:
        source = r.choice((f"{site.loc.city}日报", f"{site.loc.prov}日报", f"{site.loc.county}融媒体中心", f"{site.loc.lv}{topic.dept}"))
    if site.style.para == "wx":
        source = r.choice((f"{site.loc.city[:-1]}发布", f"{site.loc.county}融媒", f"{site.loc.prov[:-1]}新闻", f"{site.loc.city[:-1]}{topic.dept[:-1]}",
                           f"{w.town()}发布", f"{site.loc.county[:-1]}政务"))
    author = w.person() if genre in ("commentary", "news", "interview", "photo", "blog") else ""
    pool = ctx.pick_items(2)
    fields = dict(title=esc(title), date=f"{when:%Y-%m-%d}", date_cn=f"{when.year}年{when.month:02d}月{when.day:02d}日",
                  date_s=f"{when.year}-{when.month}-{when.day}", time=f"{when:%H:%M}", time_s=f"{when:%H:%M:%S}",
                  md=f"{when:%m/%d}", source=esc(source), author=esc(author or source), editor=esc(w.person()), hits=r.randint(30, 9000),
                  prev=a(pool[0].path, pool[0].title), next=a(pool[1].path, pool[1].title), y=when.year,
                  index_no=f"{ctx.code[:6]}-{r.randint(100, 999)}-{when.year}-{r.randint(1, 9999):04d}",
                  doc_no=f"{site.loc.home[:2]}{r.choice(('政办发', '政发', '政办函'))}〔{when.year}〕{r.randint(1, 80)}号",
                  org=esc(w.org(topic)), topic_name=esc(topic.dept.rstrip("局委")), id=r.randint(10000, 999999),
                  subtitle="", body="", info="", meta="", tail="")
    fields["info"] = site.style.info.format(**fields)
    if site.style.meta and genre in ("notice", "table", "policy"):
        fields["meta"] = site.style.meta.format(**fields)
    fields["tail"] = site.style.tail.format(**fields)
    if genre == "interview" and r.random() < 0.5:
        fields["subtitle"] = f'<h3 class="subtitle">——{esc(w.org(topic))}负责同志答记者问</h3>'
    fields["body"] = body
    main = site.style.art.format(**fields)
    if base == "related":
        main += related_blocks(ctx)
    elif r.random() < 0.25:
        main += related_blocks(ctx, small=True)
    doc = Doc(ctx, "article", variant, path, title, main, crumbs=[(chan[0], ctx.url("list", chan=chan[1], page=1)), ("正文", "")],
              chan=chan, when=when, source=source, keywords=",".join([work, topic.dept.rstrip("局委"), site.loc.home]),
              description=re.sub("<[^>]+>", "", blocks[0][1] if blocks and blocks[0][0] == "p" else title)[:120])
    ctx.items.append(Item(title, path, when, topic))
    return doc


def related_blocks(ctx: Ctx, small: bool = False) -> str:
    """相关新闻 / 推荐阅读 / comments under an article."""
    r = ctx.r
    cls = r.choice(("xglj", "related", "relnews", "tjyd"))
    rel = "".join(f'<li><a href="{esc(i.path)}" target="_blank">{esc(i.title)}</a><span>{i.when:%Y-%m-%d}</span></li>'
                  for i in ctx.pick_items(r.randint(4, 6) if small else r.randint(10, 15)))
    out = f'<div class="{cls}"><div class="{cls}-hd"><h3>相关新闻</h3></div><ul>{rel}</ul></div>'
    if small:
        return out
    rec = "".join(f'<div class="rec-item"><h4><a href="{esc(i.path)}">{esc(i.title)}</a></h4><p>{esc(ctx.summary(i))}</p></div>'
                  for i in ctx.pick_items(r.randint(5, 8)))
    out += f'<div class="recommend"><div class="hd"><h3>推荐阅读</h3></div>{rec}</div>'
    comments = []
    for k in range(r.randint(8, 15)):
        name = r.choice((f"网友{r.randint(10000, 99999)}", ctx.w.person(), f"{ctx.site.loc.city[:2]}市民", "匿名用户", f"用户{r.getrandbits(24):06x}"))
        comments.append(f'<div class="comment-item"><div class="c-user"><img src="/images/avatar/{r.randint(1, 40)}.png" alt="" />'
                        f'<span class="c-name">{esc(name)}</span><span class="c-time">{r.randint(1, 59)}分钟前</span></div>'
                        f'<div class="c-text">{esc(r.choice(COMMENT_LINES))}</div><div class="c-op"><a href="javascript:;">回复</a> '
                        f'<a href="javascript:;" class="zan">赞({r.randint(0, 99)})</a></div></div>')
    out += ('<div class="comment-box" id="comment"><div class="hd"><h3>网友评论</h3><span>已有' + str(len(comments))
            + '条评论</span></div><form class="comment-form" action="/comment/post" method="post"><textarea name="content" placeholder="我来说两句"></textarea>'
            '<button type="submit">发表评论</button></form>' + "".join(comments) + "</div>")
    return out


# ---------------------------------------------------------------------------------------------
# Index pages
# ---------------------------------------------------------------------------------------------

def fresh_path(ctx: Ctx, make: Callable[[], str]) -> str:
    for _ in range(60):
        path = make()
        if path not in ctx.used_paths:
            ctx.used_paths.add(path)
            return path
    raise RuntimeError(f"{ctx.site.id}: no fresh URL")


def list_doc(ctx: Ctx, variant: str) -> Doc:
    site, r = ctx.site, ctx.r
    base, _, alt = variant.partition("@")
    state = {}

    def make() -> str:
        state["chan"] = chan = r.choice(site.channels)
        state["page"] = page = 1 if base in ("list", "teasers", "bloghome") or alt else r.randint(2, 9)
        if base == "bloghome":
            return ctx.url("home")
        return ctx.url("list_alt" if alt else "list", chan=chan[1], page=page, d=ctx.when())
    path = fresh_path(ctx, make)
    chan, page = state["chan"], state["page"]
    total = r.randint(max(page + 1, 3), 60)
    n = r.randint(*site.style.per_page)
    anchor = ctx.now - dt.timedelta(days=r.randint(0, 6) + (page - 1) * n * 2)
    if alt:  # a list at a dated URL lists that day's (or year's) items
        anchor = url_date(path) or anchor
    items = ctx.fresh_items(n, anchor, chan[1])
    summaries = "long" if base in ("teasers", "bloghome") else ("short" if r.random() < 0.15 else "")
    body = list_items(ctx, items, summaries)
    if site.style.list == "jcms" and r.random() < 0.6:
        body = jcms_datastore(ctx, items, summaries)
    link = (lambda n: ctx.url("list", chan=chan[1], page=n))
    pg = "" if alt and r.random() < 0.5 else pager(site.style.pager, page, total, link)
    title = site.name if base == "bloghome" else chan[0]
    main = site.style.list_frame.format(title=esc(title), items=body, pager=pg)
    return Doc(ctx, "index", variant, path, title if page == 1 else f"{title}（第{page}页）", main,
               crumbs=[(chan[0], "")], chan=chan, keywords=chan[0], description=f"{site.name}{chan[0]}栏目",
               home=base == "bloghome")


def url_date(path: str) -> dt.date | None:
    """The date a URL carries: /2021-03/04/, /2021/0304/, /20210304/, /2021/03/04/, or a year (/special/2021/)."""
    for pat in (r"/(20\d\d)-(\d\d)/(\d\d)/", r"/(20\d\d)/(\d\d)/?(\d\d)/", r"/(20\d\d)(\d\d)(\d\d)/"):
        m = re.search(pat, path)
        if m:
            try:
                return dt.date(*map(int, m.groups()))
            except ValueError:
                pass
    m = re.search(r"/(20\d\d)/", path)
    return dt.date(int(m.group(1)), 12, 28) if m else None


def jcms_datastore(ctx: Ctx, items: list[Item], summaries: str) -> str:
    """Hanweb jcms lists are shipped inside a <script type="text/xml"> datastore and drawn by JS."""
    r = ctx.r
    uid = r.randint(4000000, 8999999)
    recs = "\n".join(f'<record><![CDATA[\n<li><a href="{esc(i.path)}" target="_blank" title="{esc(i.title)}">{esc(i.title)}</a>'
                     + (f'<p>{esc(ctx.summary(i, long=summaries == "long"))}</p>' if summaries else "")
                     + f'<span class="bt_time">{i.when:%Y-%m-%d}</span></li>]]></record>' for i in items)
    return (f'<div id="{uid}"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1'
            f'&appid=1&webid=1&path=/&columnid={r.randint(1229000000, 1229999999)}&unitid={uid}&webname=&permissiontype=0"></a>]]></nextgroup>'
            f'<recordset>\n{recs}\n</recordset></datastore></script><script language="javascript" '
            f'src="/module/jslib/jquery/jpage/dataproxy.js"></script><script>$(document).ready(function(){{$("#{uid}").jpage({{'
            f'dataStore:dataStore,perPage:{len(items)},totalRecord:{len(items) * r.randint(3, 40)},proxyUrl:"/module/web/jpage/dataproxy.jsp"}});}});</script></div>')


def home_doc(ctx: Ctx, variant: str) -> Doc:
    site, r, w = ctx.site, ctx.r, ctx.w
    path = fresh_path(ctx, lambda: ctx.url("home"))
    p = r.choice(("idx", "home", "i", "sy", "m"))
    lead_item = ctx.pick_items(1)[0]
    slides = "".join(f'<li><a href="{esc(i.path)}" target="_blank"><img src="/images/slide/{r.randint(100, 999)}.jpg" alt="{esc(i.title)}" />'
                     f'</a><p><a href="{esc(i.path)}">{esc(i.title)}</a></p></li>' for i in ctx.pick_items(r.randint(4, 6)))
    out = []
    if variant == "home_lead":
        paras = [ctx.summary(lead_item, long=True), w.paragraph(lead_item.topic, lead_item.when.date(), "progress", w.pick(lead_item.topic.works))]
        if r.random() < 0.5:
            paras.append(w.closing(lead_item.topic, lead_item.when.date(), w.pick(lead_item.topic.works)))
        out.append(f'<div class="{p}-headline"><h2><a href="{esc(lead_item.path)}" target="_blank">{esc(lead_item.title)}</a></h2>'
                   + "".join(f"<p>{esc(x)}</p>" for x in paras[:-1])
                   + f'<p>{esc(paras[-1])}<a href="{esc(lead_item.path)}" class="more">[详细]</a></p></div>')
    else:
        subs = " ".join(a(i.path, i.title) for i in ctx.pick_items(2))
        out.append(f'<div class="{p}-headline"><h2><a href="{esc(lead_item.path)}" target="_blank">{esc(lead_item.title)}</a></h2>'
                   f'<p class="sub">{subs}</p></div>')
    out.append(f'<div class="{p}-focus"><div class="slide" id="slide"><ul>{slides}</ul></div></div>')
    for name, code in r.sample(site.channels, min(len(site.channels), r.randint(4, 6))):
        items = list_items(ctx, ctx.fresh_items(r.randint(6, 8), ctx.now, code), style=site.style.list if site.style.list not in ("blog", "jcms") else "ul-span")
        out.append(f'<div class="{p}-box"><div class="{p}-box-hd"><h3>{esc(name)}</h3><a class="more" href="{esc(ctx.url("list", chan=code, page=1))}">更多&gt;&gt;</a></div>'
                   f'<div class="{p}-box-bd">{items}</div></div>')
    zt = "".join(f'<li><a href="{esc(ctx.url("topic", n=k))}"><img src="/images/zt/zt{k}.jpg" alt="{esc(s)}" /></a></li>' for k, s in enumerate(ctx.specials, 1))
    out.append(f'<div class="{p}-zt"><div class="{p}-box-hd"><h3>专题专栏</h3></div><ul>{zt}</ul></div>')
    if site.id in GOV_SITES:
        svc = "".join(f'<li><a href="/zwfw/{k}/"><i class="icon icon-{k}"></i><span>{n}</span></a></li>' for k, n in
                      enumerate(("个人办事", "法人办事", "部门服务", "便民查询", "办件公示", "好差评", "政策问答", "证照办理")))
        out.append(f'<div class="{p}-service"><h3>政务服务</h3><ul>{svc}</ul></div>')
        out.append(f'<div class="{p}-hudong"><h3>政民互动</h3><ul><li><a href="/hdjl/ldxx/">领导信箱</a></li><li><a href="/hdjl/zxzx/">在线咨询</a></li>'
                   '<li><a href="/hdjl/zjdc/">征集调查</a></li><li><a href="/hdjl/zxft/">在线访谈</a></li><li><a href="/hdjl/12345/">12345热线</a></li></ul></div>')
    return Doc(ctx, "index", variant, path, site.name, "\n".join(out), home=True,
               keywords=f"{site.name},{site.loc.home}", description=f"{site.name}是{site.org}主办的综合性网站")


SECTIONS = ("最新动态", "政策文件", "媒体报道", "基层动态", "图片新闻", "经验交流", "解读回应")


SPECIAL_TOPICS = {"学习贯彻党的二十大精神": "party", "优化营商环境": "econ", "乡村振兴": "agri", "平安建设": "law",
                  "文明城市创建": "culture", "政府信息公开": "digital", "“我为群众办实事”": "livelihood", "安全生产月": "safety",
                  "防汛抗旱": "safety", "民生实事": "livelihood"}


def topic_doc(ctx: Ctx, variant: str) -> Doc:
    """A 专题 page: banner, a paragraph or two of introduction, then sections of links."""
    site, r, w = ctx.site, ctx.r, ctx.w
    k = r.randint(1, len(ctx.specials))
    name = ctx.specials[k - 1]
    path = fresh_path(ctx, lambda: ctx.url("topic", n=r.randint(1, 40)))
    topic = TOPIC_BY_KEY[SPECIAL_TOPICS.get(name, ctx.topic().key)]
    work = w.pick(topic.works)
    day = ctx.when().date()
    intro = [r.choice((f"为深入贯彻落实{UPPER[site.loc.level]}关于{work}的决策部署，{site.name}特开设“{name.strip('“”')}”专题，"
                       f"集中展示各地各部门{w.pick(topic.focus)}的新举措、新进展、新成效。",
                       f"“{name.strip('“”')}”专题集中发布{work}相关政策文件、工作动态和经验做法，欢迎社会各界关注。")),
             w.paragraph(topic, day, "progress", work)]
    if r.random() < 0.6:
        intro.append(w.closing(topic, day, work))
    secs = []
    for sec in r.sample(SECTIONS, r.randint(3, 4)):
        its = ctx.fresh_items(r.randint(5, 8), day, topic=topic)
        first = (f'<div class="zt-first"><h4><a href="{esc(its[0].path)}">{esc(its[0].title)}</a></h4><p>{esc(ctx.summary(its[0]))}</p></div>'
                 if r.random() < 0.5 else "")
        secs.append(f'<div class="zt-sec"><div class="zt-sec-hd"><h3>{sec}</h3><a href="{esc(ctx.url("list", chan=ctx.chan()[1], page=1))}" class="more">更多</a></div>'
                    f'{first}{list_items(ctx, its, style="ul-span")}</div>')
    main = (f'<div class="zt-banner"><img src="/images/zt/banner{k}.jpg" alt="{esc(name)}" /></div>'
            f'<div class="zt-intro"><h2>专题简介</h2>' + "".join(f"<p>{esc(x)}</p>" for x in intro) + "</div>" + "".join(secs))
    return Doc(ctx, "index", variant, path, name, main, crumbs=[("专题专栏", ctx.url("topic", n=0)), (name, "")])


def search_doc(ctx: Ctx, variant: str) -> Doc:
    site, r, w = ctx.site, ctx.r, ctx.w
    state = {}

    def make():
        state["kw"], state["page"] = r.choice(ctx.tags).strip("“”"), r.choice((1, 1, 2, 3))
        return ctx.url("search", q=state["kw"], page=state["page"])
    path = fresh_path(ctx, make)
    kw, page = state["kw"], state["page"]
    hl = r.choice(('<em>{}</em>', '<font color="red">{}</font>', '<span class="hl">{}</span>'))
    total = r.randint(40, 3000)
    res = []
    for it in ctx.pick_items(r.randint(10, 15)):
        t = esc(it.title).replace(esc(kw), hl.format(esc(kw))) if kw in it.title else esc(it.title)
        s = ctx.summary(it, long=True)[: r.randint(70, 130)]
        cut = r.randint(5, max(6, len(s) - 10))
        snippet = esc(s[:cut]) + hl.format(esc(kw)) + esc(s[cut:]) + "..."
        res.append(f'<div class="result"><h3><a href="{esc(it.path)}" target="_blank">{t}</a></h3><p class="abs">{snippet}</p>'
                   f'<p class="url"><span>{esc(site.host)}{esc(it.path)}</span> <span class="time">{it.when:%Y-%m-%d}</span></p></div>')
    tabs = "".join(f'<a href="{esc(ctx.url("search", q=kw, page=1))}"{" class=on" if i == 0 else ""}>{n}</a>'
                   for i, n in enumerate(("全部", "新闻动态", "政策文件", "解读回应", "办事服务")))
    main = (f'<div class="search-top"><form action="{esc(ctx.url("search", q="", page=1).split("?")[0])}" method="get">'
            f'<input type="text" name="q" value="{esc(kw)}" class="s-input" /><button type="submit">搜索</button></form>'
            f'<div class="s-tabs">{tabs}</div><div class="s-opt">排序：<a href="#">按相关度</a> <a href="#">按时间</a> 范围：'
            f'<select name="timescope"><option>全部时间</option><option>一周内</option><option>一月内</option><option>一年内</option></select></div></div>'
            f'<div class="s-count">为您找到相关结果约{total}个，用时0.{r.randint(10, 99)}秒</div><div class="s-results">{"".join(res)}</div>'
            + pager(r.choice(("generic", site.style.pager)), page, max(2, total // 10), lambda n: ctx.url("search", q=kw, page=n)))
    return Doc(ctx, "index", variant, path, f"搜索结果：{kw}", main, crumbs=[("站内搜索", "")])


SUBCOLS = ("工作动态", "通知公告", "政策文件", "政策解读", "人事信息", "规划计划", "财政资金", "统计数据", "部门动态",
           "乡镇动态", "图片新闻", "媒体聚焦", "公示公告", "办事指南", "领导信箱", "在线访谈", "建议提案办理")


def sitemap_doc(ctx: Ctx, variant: str) -> Doc:
    site, r = ctx.site, ctx.r
    path = fresh_path(ctx, lambda: ctx.url("sitemap"))
    groups = []
    for name, code in site.channels:
        subs = r.sample(SUBCOLS, r.randint(3, 8))
        links = "".join(f'<li><a href="{esc(ctx.url("list", chan=f"{code}{i}" if code.isdigit() else f"{code}/sub{i}", page=1))}">{s}</a></li>'
                        for i, s in enumerate(subs, 1))
        groups.append(f'<div class="map-group"><h3><a href="{esc(ctx.url("list", chan=code, page=1))}">{esc(name)}</a></h3><ul>{links}</ul></div>')
    main = f'<div class="sitemap"><h2>网站地图</h2>{"".join(groups)}</div>'
    return Doc(ctx, "index", variant, path, "网站地图", main, crumbs=[("网站地图", "")])


def archive_doc(ctx: Ctx, variant: str) -> Doc:
    site, r, w = ctx.site, ctx.r, ctx.w
    state = {}

    def make():
        state["d"] = d = ctx.when().date()
        return ctx.url("archive", d=d)
    path = fresh_path(ctx, make)
    d = state["d"]
    days = sorted({d - dt.timedelta(days=r.randint(0, 6)) for _ in range(r.randint(2, 4))}, reverse=True)
    blocks = []
    for day in days:
        its = []
        for _ in range(r.randint(5, 10)):
            topic = ctx.topic()
            t = dt.datetime(day.year, day.month, day.day, r.randint(7, 22), r.randint(0, 59))
            its.append(Item(w.headline(topic, r.choice(("news", "news", "notice")), day), ctx.url("article", d=t, chan=ctx.chan()[1]), t, topic))
        rows = "".join(f'<li><span class="t">{i.when:%H:%M}</span><a href="{esc(i.path)}" target="_blank">{esc(i.title)}</a></li>'
                       for i in sorted(its, key=lambda i: i.when, reverse=True))
        blocks.append(f'<div class="day"><h3>{day.year}年{day.month}月{day.day}日</h3><ul>{rows}</ul></div>')
    cal = "".join(f'<a href="{esc(ctx.url("archive", d=d - dt.timedelta(days=k)))}">{(d - dt.timedelta(days=k)).day}</a>' for k in range(1, 8))
    main = f'<div class="archive"><h2>新闻回顾 {d.year}年{d.month}月</h2><div class="calendar">往日回顾：{cal}</div>{"".join(blocks)}</div>'
    return Doc(ctx, "index", variant, path, f"{d.year}年{d.month}月{d.day}日新闻回顾", main, crumbs=[("新闻回顾", "")])


def tag_doc(ctx: Ctx, variant: str) -> Doc:
    site, r = ctx.site, ctx.r
    state = {}

    def make():
        state["tag"], state["page"] = r.choice(ctx.tags).strip("“”"), r.choice((1, 1, 2))
        return ctx.url("tag", tag=state["tag"], page=state["page"])
    path = fresh_path(ctx, make)
    tag, page = state["tag"], state["page"]
    items = ctx.fresh_items(r.randint(10, 20), ctx.now - dt.timedelta(days=(page - 1) * 40))
    cloud = " ".join(f'<a href="{esc(ctx.url("tag", tag=t.strip("“”"), page=1))}" class="tag-{r.randint(1, 5)}">{esc(t)}</a>' for t in ctx.tags)
    main = (f'<div class="tag-page"><h1 class="tag-title">标签：{esc(tag)}</h1><p class="tag-count">共有{len(items) * r.randint(2, 9)}篇相关文章</p>'
            + list_items(ctx, items, "short") + pager(site.style.pager, page, r.randint(page + 1, 12), lambda n: ctx.url("tag", tag=tag, page=n))
            + f'<div class="tag-cloud"><h3>热门标签</h3>{cloud}</div></div>')
    return Doc(ctx, "index", variant, path, f"{tag}相关文章", main, crumbs=[("标签", ""), (tag, "")])


def toc_doc(ctx: Ctx, variant: str) -> Doc:
    """A magazine issue's table of contents (at an article-shaped URL on the theory site)."""
    site, r, w = ctx.site, ctx.r, ctx.w
    when = ctx.when()
    issue = r.randint(1, 24)
    path = fresh_path(ctx, lambda: ctx.url("toc", d=when))
    secs = []
    for s in r.sample(("本期专稿", "理论研究", "党的建设", "经济发展", "社会治理", "文化建设", "调查研究", "读者来信"), r.randint(4, 6)):
        rows = []
        for _ in range(r.randint(2, 5)):
            topic = ctx.topic()
            t = w.headline(topic, r.choice(("commentary", "commentary", "news")), when.date())
            rows.append(f'<li><a href="{esc(ctx.url("article", d=when, chan=ctx.chan()[1]))}" target="_blank">{esc(t)}</a>'
                        f'<span class="author">{esc(w.person())}</span></li>')
        secs.append(f'<div class="toc-sec"><h3>{s}</h3><ul>{"".join(rows)}</ul></div>')
    back = "".join(f'<option value="{esc(ctx.url("toc", d=when - dt.timedelta(days=15 * k)))}">{when.year}年第{max(1, issue - k)}期</option>' for k in range(1, 9))
    main = (f'<div class="issue"><div class="cover"><img src="/images/cover/{when:%Y%m}.jpg" alt="封面" /></div>'
            f'<h1>{esc(site.name[:-1])}{when.year}年第{issue}期目录</h1><p class="pubdate">出版日期：{when:%Y-%m-%d}</p>'
            f'{"".join(secs)}<div class="past">往期回顾：<select onchange="location.href=this.value"><option>请选择</option>{back}</select></div></div>')
    return Doc(ctx, "index", variant, path, f"{when.year}年第{issue}期", main, crumbs=[("读刊", ctx.url("list", chan="qs", page=1)), (f"{when.year}年第{issue}期", "")])


def epaper_doc(ctx: Ctx, variant: str) -> Doc:
    site, r, w = ctx.site, ctx.r, ctx.w
    when = ctx.when()
    pg = r.randint(1, 8)
    path = fresh_path(ctx, lambda: ctx.url("epaper", d=when, n=pg))
    names = ("要闻", "要闻", "综合", "区县", "经济", "民生", "文化", "副刊")
    areas, rows = [], []
    for k in range(r.randint(5, 9)):
        topic = ctx.topic()
        t = w.headline(topic, "news", when.date())
        href = ctx.url("epaper_art", d=when)
        x, y = r.randint(10, 500), r.randint(10, 700)
        areas.append(f'<area shape="polygon" coords="{x},{y},{x + 200},{y},{x + 200},{y + 120},{x},{y + 120}" href="{esc(href)}" />')
        rows.append(f'<li><a href="{esc(href)}">{esc(t)}</a></li>')
    nav = "".join(f'<li><a href="{esc(ctx.url("epaper", d=when, n=k))}">第{k:02d}版：{names[k - 1]}</a></li>' for k in range(1, 9))
    main = (f'<div class="epaper"><div class="paper-date">{when.year}年{when.month:02d}月{when.day:02d}日 星期{"一二三四五六日"[when.weekday()]}</div>'
            f'<div class="paper-img"><img src="/epaper/images/{when:%Y-%m/%d}/{pg:02d}/{when:%Y%m%d}{pg:02d}_b.jpg" usemap="#PagePicMap" border="0" />'
            f'<map name="PagePicMap">{"".join(areas)}</map></div><div class="paper-title"><h2>第{pg:02d}版：{names[pg - 1]}</h2>'
            f'<ul class="title-list">{"".join(rows)}</ul></div><div class="paper-nav"><h3>版面导航</h3><ul>{nav}</ul></div>'
            f'<div class="paper-pdf"><a href="/epaper/images/{when:%Y-%m/%d}/{pg:02d}/{when:%Y%m%d}{pg:02d}.pdf">PDF版</a></div></div>')
    return Doc(ctx, "index", variant, path, f"第{pg:02d}版：{names[pg - 1]}", main, crumbs=[("数字报", ""), (f"{when:%Y-%m-%d}", "")])


def dirlist_doc(ctx: Ctx, variant: str) -> Doc:
    """The mirror's auto-index of one mirrored directory."""
    r = ctx.r
    path = fresh_path(ctx, lambda: ctx.url("dirlist"))
    rows = ['<tr><td><a href="../">../</a></td><td></td><td align="right">-</td></tr>']
    for sub in r.sample(("tzgg/", "zcwj/", "zcjd/", "gzdt/", "rsxx/", "tjsj/", "ghjh/"), r.randint(1, 3)):
        rows.append(f'<tr><td><a href="{sub}">{sub}</a></td><td>{ctx.when():%d-%b-%Y %H:%M}</td><td align="right">-</td></tr>')
    for it in ctx.pick_items(r.randint(12, 25)):
        name = it.path.rstrip("/").rsplit("/", 1)[-1] or "index.html"
        rows.append(f'<tr><td><a href="{esc(name)}" title="{esc(it.title)}">{esc(name)}</a></td><td>{it.when:%d-%b-%Y %H:%M}</td>'
                    f'<td align="right">{r.randint(8, 90)}K</td></tr>')
    main = (f'<h1>Index of {esc(path)}</h1><table class="autoindex"><tr><th>Name</th><th>Last modified</th><th>Size</th></tr>'
            + "\n".join(rows) + "</table>")
    return Doc(ctx, "index", variant, path, f"Index of {path}", main, crumbs=[("目录浏览", "")])


def forum_home_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    path = fresh_path(ctx, lambda: ctx.url("forum_home"))
    cats = []
    for cat, forums in (("本地生活", ("青溪杂谈", "便民信息", "房产家居", "美食天地")), ("政务民生", ("政务公开", "民生热线", "教育交流")),
                        ("兴趣交流", ("摄影天地", "户外运动", "亲子育儿"))):
        rows = []
        for f in forums:
            fid = r.randint(2, 80)
            it = ctx.pick_items(1)[0]
            rows.append(f'<tr><td class="fl_icn"><a href="forum-{fid}-1.html"><img src="static/image/common/forum_new.gif" alt="{f}" /></a></td>'
                        f'<td><h2><a href="forum-{fid}-1.html">{f}</a><em class="xw0 xi1" title="今日"> ({r.randint(0, 99)})</em></h2>'
                        f'<p class="xg2">{esc(w.sentence(ctx.topic())[:24])}</p></td><td class="fl_i"><span class="xi2">{r.randint(100, 9999)}</span>'
                        f'<span class="xg1"> / {r.randint(10000, 99999)}</span></td><td class="fl_by"><div><a href="thread-{r.randint(10000, 99999)}-1-1.html" '
                        f'class="xi2">{esc(it.title[:20])}</a> <cite>{it.when:%Y-%m-%d %H:%M} <a href="home.php?mod=space&amp;username={quote(w.person())}">{esc(w.person())}</a></cite></div></td></tr>')
        cats.append(f'<div class="bm bmw flg cl"><div class="bm_h cl"><h2><a href="forum.php?gid={r.randint(1, 9)}">{cat}</a></h2></div>'
                    f'<div class="bm_c"><table cellspacing="0" cellpadding="0" class="fl_tb">{"".join(rows)}</table></div></div>')
    stats = f'<div id="chart" class="bm bw0 cl"><p class="chart z">今日: <em>{r.randint(10, 900)}</em><span class="pipe">|</span>昨日: <em>{r.randint(10, 900)}</em><span class="pipe">|</span>帖子: <em>{r.randint(100000, 999999)}</em><span class="pipe">|</span>会员: <em>{r.randint(10000, 99999)}</em></p></div>'
    return Doc(ctx, "index", variant, path, "论坛", stats + "".join(cats), home=True)


def forum_list_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    state = {}

    def make():
        state["fid"], state["page"] = r.randint(2, 80), r.randint(1, 6)
        return ctx.url("forum_list", n=state["fid"], page=state["page"])
    path = fresh_path(ctx, make)
    fid, page = state["fid"], state["page"]
    name = r.choice(("青溪杂谈", "便民信息", "民生热线", "政务公开", "教育交流"))
    rows = []
    for _ in range(r.randint(18, 30)):
        topic = ctx.topic()
        t = r.choice((f"请问{w.town()}的{w.pick(topic.works)}在哪里办？", f"{w.pick(topic.works)}有没有人了解？", f"{w.village()}这边{w.pick(topic.works)}搞得不错",
                      f"【求助】{w.pick(topic.works)}相关问题", w.headline(topic, "news"), f"转：{w.headline(topic, 'news')}"))
        tid = r.randint(10000, 99999)
        rows.append(f'<tbody id="normalthread_{tid}"><tr><td class="icn"><a href="thread-{tid}-1-1.html"><img src="static/image/common/folder_common.gif" /></a></td>'
                    f'<th class="common"><a href="thread-{tid}-1-1.html" class="s xst">{esc(t)}</a></th><td class="by"><cite><a href="home.php?mod=space&amp;uid={r.randint(1, 99999)}">{esc(w.person())}</a></cite>'
                    f'<em><span>{ctx.when():%Y-%m-%d}</span></em></td><td class="num"><a href="thread-{tid}-1-1.html" class="xi2">{r.randint(0, 200)}</a><em>{r.randint(10, 9000)}</em></td>'
                    f'<td class="by"><cite><a href="#">{esc(w.person())}</a></cite><em><a href="forum.php?mod=redirect&amp;tid={tid}&amp;goto=lastpost#lastpost">{r.randint(1, 59)} 分钟前</a></em></td></tr></tbody>')
    main = (f'<div class="bm bml pbn"><div class="bm_h cl"><h1 class="xs2"><a href="forum-{fid}-1.html">{name}</a> <span class="xs1 xw0 i">今日: <strong class="xi1">{r.randint(0, 99)}</strong></span></h1></div></div>'
            f'<div id="threadlist" class="tl bm bmw"><div class="th"><table cellspacing="0" cellpadding="0"><tr><th colspan="2">全部主题</th><td class="by">作者</td><td class="num">回复/查看</td><td class="by">最后发表</td></tr></table></div>'
            f'<div class="bm_c"><table summary="forum_{fid}" cellspacing="0" cellpadding="0" id="threadlisttableid">{"".join(rows)}</table></div></div>'
            + pager("discuz", page, r.randint(page + 1, 80), lambda n: ctx.url("forum_list", n=fid, page=n)))
    return Doc(ctx, "index", variant, path, name, main, crumbs=[(name, "")])


# ---------------------------------------------------------------------------------------------
# Other pages
# ---------------------------------------------------------------------------------------------

def e404_doc(ctx: Ctx, variant: str) -> Doc:
    r = ctx.r
    path = fresh_path(ctx, lambda: ctx.url("article", d=ctx.when(), chan=ctx.chan()[1]) if r.random() < 0.85
                      else r.choice(("/404.html", "/error/404.htm", "/notfound.html", "/html/error.html")))
    if variant == "404bare":
        server = r.choice(("nginx", "Apache/2.4.6 (CentOS)", "Microsoft-IIS/8.5"))
        main = (f'<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n'
                f'<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n')
        return Doc(ctx, "other", variant, path, "404 Not Found", main, bare=True)
    msg = r.choice(("抱歉，您访问的页面不存在或已被删除！", "对不起，您要访问的信息不存在或已过期", "404 您访问的页面找不到了",
                    "很抱歉，您要访问的页面已经删除或者不存在"))
    main = (f'<div class="error-page"><div class="err-img"><img src="/images/404.png" alt="404" /></div><h2>{msg}</h2>'
            f'<p>可能原因：网址有错误、网址已失效。</p><p><span id="jump">5</span>秒后自动跳转到<a href="/">首页</a>，'
            f'或<a href="javascript:history.back();">返回上一页</a></p>'
            '<script>var t=5;setInterval(function(){t--;document.getElementById("jump").innerHTML=t;if(t<=0)location.href="/";},1000);</script></div>')
    return Doc(ctx, "other", variant, path, "页面未找到", main, crumbs=[("页面未找到", "")])


def login_doc(ctx: Ctx, variant: str) -> Doc:
    r = ctx.r
    reg = variant == "register"
    path = fresh_path(ctx, lambda: ctx.url(variant))
    fields = [("用户名", "username", "text"), ("密码", "password", "password")]
    if reg:
        fields += [("确认密码", "password2", "password"), ("手机号码", "mobile", "text"), ("短信验证码", "smscode", "text"), ("电子邮箱", "email", "text")]
    rows = "".join(f'<div class="form-row"><label for="{n}">{lab}：</label><input type="{t}" id="{n}" name="{n}" class="ipt" /></div>' for lab, n, t in fields)
    rows += (f'<div class="form-row"><label>验证码：</label><input type="text" name="code" class="ipt ipt-s" /><img src="/captcha?{r.randint(1000, 9999)}" '
             f'onclick="this.src=\'/captcha?\'+Math.random()" alt="验证码" /></div>')
    extra = ('<div class="agree"><input type="checkbox" name="agree" checked /> 我已阅读并同意<a href="/agreement.html" target="_blank">《用户服务协议》</a>'
             '和<a href="/privacy.html">《隐私政策》</a></div>') if reg else '<div class="form-opt"><label><input type="checkbox" name="remember" /> 记住我</label> <a href="/forget">忘记密码？</a></div>'
    title = "用户注册" if reg else "用户登录"
    main = (f'<div class="login-box"><h2>{title}</h2><form method="post" action="{esc(path)}"><input type="hidden" name="csrf" value="{r.getrandbits(64):016x}" />'
            f'{rows}{extra}<div class="form-btn"><button type="submit">{"注 册" if reg else "登 录"}</button></div></form>'
            + ('<div class="other-login">其他方式登录：<a href="/oauth/wx">微信</a> <a href="/oauth/zwfw">政务服务网账号</a></div>'
               f'<p class="tip">还没有账号？<a href="{esc(ctx.url("register"))}">立即注册</a></p>' if not reg else '<p class="tip">已有账号？<a href="/login">直接登录</a></p>')
            + "</div>")
    return Doc(ctx, "other", variant, path, title, main, crumbs=[(title, "")])


def gallery_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    topic, when = ctx.topic(), ctx.when()
    path = fresh_path(ctx, lambda: ctx.url("gallery", d=when, chan=ctx.chan()[1]))
    n = r.randint(6, 12)
    title = r.choice((f"组图：{w.town()}{w.pick(topic.works)}", f"高清组图｜{w.pick(topic.works)}现场", f"图集：{w.place()}{w.pick(topic.works)}掠影"))
    pics = "".join(f'<li><a href="javascript:;" data-index="{k}"><img src="/photo/{when:%Y%m}/{stamp(r, when)}_s.jpg" alt="" /></a></li>' for k in range(n))
    caps = [r.choice(("", "", f"（{k + 1}/{n}）", "摄影：" + w.person())) for k in range(n)]
    big = f'<div class="pic-big"><img src="/photo/{when:%Y%m}/{stamp(r, when)}.jpg" id="bigpic" alt="{esc(title)}" /><a class="prev" href="javascript:;">上一张</a><a class="next" href="javascript:;">下一张</a></div>'
    main = (f'<div class="gallery"><h1>{esc(title)}</h1><div class="g-info">{when:%Y-%m-%d %H:%M}　来源：{esc(ctx.site.name)}　<span>1/{n}</span></div>'
            f'{big}<p class="g-cap">{esc(caps[0])}</p><div class="pic-thumbs"><ul>{pics}</ul></div>'
            '<div class="g-tools"><a href="javascript:;">查看原图</a> <a href="javascript:;">幻灯播放</a> <a href="javascript:;">分享</a></div></div>')
    return Doc(ctx, "other", variant, path, title, main, crumbs=[("图片", ""), ("正文", "")], when=when)


def video_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    topic, when = ctx.topic(), ctx.when()
    path = fresh_path(ctx, lambda: ctx.url("video", d=when, chan=ctx.chan()[1]))
    title = r.choice((f"【视频】{w.headline(topic, 'news', when.date())}", f"视频｜{w.pick(topic.works)}进行时", w.headline(topic, "news", when.date())))
    vid = "%032x" % r.getrandbits(128)
    player = r.choice((
        f'<video id="player" controls="controls" preload="none" poster="/video/{when:%Y%m}/{vid[:12]}.jpg" width="100%"><source src="/video/{when:%Y%m}/{vid}.mp4" type="video/mp4" />您的浏览器不支持视频播放</video>',
        f'<div id="myFlash" data-guid="{vid}"></div><script src="/js/player/vodplayer.js"></script><script>createVodPlayer({{id:"myFlash",guid:"{vid}",width:"100%",height:480}});</script>',
        f'<embed src="/swf/player.swf?file=/video/{vid}.flv" width="640" height="480" allowfullscreen="true" type="application/x-shockwave-flash"></embed>'))
    related = "".join(f'<li><a href="{esc(ctx.url("video", d=ctx.when(), chan=ctx.chan()[1]))}"><img src="/video/thumb/{r.randint(100, 999)}.jpg" alt="" />'
                      f'<span class="dur">{r.randint(0, 9):02d}:{r.randint(0, 59):02d}</span><p>{esc(w.headline(ctx.topic()))}</p></a></li>' for _ in range(r.randint(4, 8)))
    desc = r.choice(("", w.sentence(topic)[:40] + "。"))
    main = (f'<div class="video-page"><h1>{esc(title)}</h1><div class="v-info">{when:%Y-%m-%d %H:%M:%S} 来源：{esc(ctx.site.name)}</div>'
            f'<div class="v-player">{player}</div>' + (f'<div class="v-desc">{esc(desc)}</div>' if desc else "")
            + f'<div class="v-related"><h3>相关视频</h3><ul>{related}</ul></div></div>')
    return Doc(ctx, "other", variant, path, title, main, crumbs=[("视频", ""), ("正文", "")], when=when)


def downloads_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    path = fresh_path(ctx, lambda: ctx.url("downloads", page=r.randint(1, 2)))
    rows = []
    for k in range(1, r.randint(10, 20)):
        topic = ctx.topic()
        name = r.choice((f"{w.pick(topic.works)}申报表", f"{w.pick(topic.things)}申请表", f"{w.pick(topic.works)}办事指南", f"{w.pick(topic.things)}登记表",
                         f"{w.pick(topic.works)}承诺书（模板）"))
        ext = r.choice(ATTACH_EXT)
        d = ctx.when()
        rows.append(f'<tr><td>{k}</td><td class="name"><img src="/images/ico_{ext[1:4]}.gif" /> {esc(name)}</td><td>{d:%Y-%m-%d}</td>'
                    f'<td>{r.randint(12, 900)}KB</td><td>{r.randint(10, 5000)}</td><td><a href="/uploadfile/{d:%Y%m}/{stamp(r, d)}{ext}">下载</a></td></tr>')
    main = ('<div class="down-list"><h2>表格下载</h2><table class="tb-down" width="100%"><tr><th>序号</th><th>文件名称</th><th>发布日期</th><th>大小</th><th>下载次数</th><th>操作</th></tr>'
            + "".join(rows) + "</table></div>")
    return Doc(ctx, "other", variant, path, "表格下载", main, crumbs=[("办事服务", ""), ("表格下载", "")])


def contact_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    path = fresh_path(ctx, lambda: ctx.url("contact"))
    site = ctx.site
    main = (f'<div class="contact"><h2>联系我们</h2><ul class="addr"><li>单位名称：{esc(site.org)}</li><li>通讯地址：{esc(site.loc.city)}{w.pick(PLACE_A)}{w.pick(PLACE_B)}路{r.randint(1, 300)}号</li>'
            f'<li>邮政编码：{r.randint(100000, 899999)}</li><li>联系电话：0{r.randint(510, 939)}-{r.randint(2000000, 8999999)}</li><li>电子邮箱：webmaster@{esc(site.host)}</li></ul>'
            '<div class="map" id="map" style="height:300px"></div><h3>在线留言</h3><form action="/message/save" method="post" class="msg-form">'
            '<p><label>姓　　名：</label><input name="name" type="text" /></p><p><label>联系电话：</label><input name="tel" type="text" /></p>'
            '<p><label>电子邮箱：</label><input name="email" type="text" /></p><p><label>留言标题：</label><input name="title" type="text" size="50" /></p>'
            '<p><label>留言内容：</label><textarea name="content" rows="8" cols="60"></textarea></p><p><label>验 证 码：</label><input name="code" size="6" /> <img src="/captcha.jpg" /></p>'
            '<p><button type="submit">提交</button> <button type="reset">重置</button></p></form></div>')
    return Doc(ctx, "other", variant, path, "联系我们", main, crumbs=[("联系我们", "")])


def leader_doc(ctx: Ctx, variant: str) -> Doc:
    r, w = ctx.r, ctx.w
    loc = ctx.site.loc
    path = fresh_path(ctx, lambda: ctx.url("leader", n=r.randint(1, 12)))
    name = w.person()
    role = r.choice((f"{loc.lv}委副书记、{loc.lv}长", f"副{loc.lv}长", f"{loc.lv}委常委、常务副{loc.lv}长", "党组书记、局长", "副局长"))
    duty = r.choice((f"负责{loc.lv}政府全面工作。", f"负责{w.pick(TOPICS).works[0]}、{w.pick(TOPICS).works[0]}等方面工作。", "主持全面工作。"))
    main = (f'<div class="leader"><div class="ld-photo"><img src="/images/leader/{r.randint(1, 20)}.jpg" alt="{esc(name)}" /></div><div class="ld-info">'
            f'<h2>{esc(name)}</h2><p><b>职　务：</b>{esc(role)}</p><p><b>分　工：</b>{esc(duty)}</p>'
            + (f'<p><b>简　历：</b>{esc(name)}，男，汉族，{r.randint(1965, 1980)}年{r.randint(1, 12)}月生，中共党员，研究生学历。</p>' if r.random() < 0.5 else "")
            + '</div><div class="ld-more"><a href="javascript:history.back();">返回</a></div></div>')
    return Doc(ctx, "other", variant, path, f"{name}", main, crumbs=[("领导之窗", ""), (name, "")])


def thread_doc(ctx: Ctx, variant: str) -> Doc:
    """A Discuz thread: a one-line question and many short replies."""
    r, w = ctx.r, ctx.w
    topic = ctx.topic()
    work = w.pick(topic.works)
    path = fresh_path(ctx, lambda: ctx.url("thread"))
    title = r.choice((f"请问{w.town()}的{work}在哪里办？", f"{work}有没有人了解？", f"【求助】{work}相关问题", f"{w.village()}那边现在怎么样了？"))
    when = ctx.when()
    posts = [r.choice((f"如题，{work}需要带什么材料？有没有办过的朋友说一下，谢谢！", f"听说{w.town()}最近在搞{work}，有没有知道具体情况的？",
                       f"想问一下{work}的事情，打电话一直没人接，在线等。"))]
    posts += [r.choice(REPLY_LINES) for _ in range(r.randint(10, 25))]
    floors = []
    names = ("楼主", "沙发", "板凳", "地板")
    for k, text in enumerate(posts):
        pid = r.randint(100000, 999999)
        user = r.choice((w.person(), f"qx_{r.getrandbits(20):05x}", f"{w.pick(PLACE_A)}{w.pick(PLACE_B)}人家", f"游客{r.randint(100, 999)}"))
        when = when + dt.timedelta(minutes=r.randint(1, 300))
        floors.append(f'<div id="post_{pid}"><table id="pid{pid}" class="plhin" summary="pid{pid}" cellspacing="0" cellpadding="0"><tr><td class="pls" rowspan="2">'
                      f'<div class="pi"><div class="authi"><a href="home.php?mod=space&amp;uid={r.randint(1, 99999)}" class="xw1">{esc(user)}</a></div></div>'
                      f'<div class="avatar"><img src="uc_server/avatar.php?uid={r.randint(1, 99999)}&amp;size=middle" /></div><p><em>{r.choice(("新手上路", "注册会员", "中级会员", "高级会员"))}</em></p></td>'
                      f'<td class="plc"><div class="pi"><strong><a href="forum.php?mod=redirect&amp;goto=findpost&amp;pid={pid}">{names[k] if k < 4 else f"{k + 1}<sup>#</sup>"}</a></strong>'
                      f'<div class="pti"><div class="authi"><em>发表于 {when:%Y-%m-%d %H:%M}</em></div></div></div><div class="pct"><div class="pcb"><div class="t_fsz">'
                      f'<table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_{pid}">{esc(text)}</td></tr></table></div></div></div></td></tr>'
                      '<tr><td class="plc plm"><div class="po hin"><div class="pob cl"><em><a class="fastre" href="javascript:;">回复</a></em></div></div></td></tr></table></div>')
    main = (f'<div id="postlist" class="pl bm"><table cellspacing="0" cellpadding="0"><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> '
            f'<span class="xi1">{r.randint(100, 9999)}</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">{len(posts) - 1}</span></div></td>'
            f'<td class="plc ptm pbn vwthd"><h1 class="ts"><span id="thread_subject">{esc(title)}</span></h1></td></tr></table>{"".join(floors)}</div>'
            + pager("discuz", 1, r.randint(1, 3), lambda n: re.sub(r"-(\d+)-1\.html$", lambda m: f"-{n}-1.html", path))
            + '<div id="f_pst" class="pl bm bmw"><form method="post" id="fastpostform" action="forum.php?mod=post&amp;action=reply"><textarea name="message" id="fastpostmessage"></textarea>'
            '<button type="submit" name="replysubmit" id="fastpostsubmit" class="pn pnc"><strong>发表回复</strong></button></form></div>')
    return Doc(ctx, "other", variant, path, title, main, crumbs=[("青溪杂谈", "forum-2-1.html"), (title, "")])


def message_doc(ctx: Ctx, variant: str) -> Doc:
    path = fresh_path(ctx, lambda: ctx.url("thread"))
    main = ('<div id="ct" class="wp cl w"><div class="nfl"><div class="f_c altw"><div id="messagetext" class="alert_error">'
            '<p>抱歉，指定的主题不存在或已被删除或正在被审核</p><script type="text/javascript" reload="1">if(history.length > (BROWSER.ie ? 0 : 1)) {'
            'document.write(\'<p class="alert_btnleft"><a href="javascript:history.back()">[ 点击这里返回上一页 ]</a></p>\');}</script></div></div></div></div>')
    return Doc(ctx, "other", variant, path, "提示信息", main, crumbs=[("提示信息", "")])


def e502_doc(ctx: Ctx, variant: str) -> Doc:
    r = ctx.r
    path = fresh_path(ctx, lambda: ctx.url("article", d=ctx.when(), chan=ctx.chan()[1]))
    main = (f'<div class="mirror-error"><h2>源站暂时无法访问</h2><p>错误代码：502 Bad Gateway</p><p>镜像服务器在抓取 {esc(path.lstrip("/").split("/")[0])} '
            f'时未获得有效响应，本页尚无可用快照。</p><p>请稍后重试，或<a href="/">返回镜像首页</a>。</p><p class="rid">Request ID: {r.getrandbits(64):016x}</p></div>')
    return Doc(ctx, "other", variant, path, "502 源站无法访问", main, crumbs=[("错误", "")])


INDEX_RENDERERS: dict[str, Callable[[Ctx, str], Doc]] = {
    "home": home_doc, "home_lead": home_doc, "list": list_doc, "bloghome": list_doc, "list_p": list_doc, "teasers": list_doc,
    "topic": topic_doc, "search": search_doc, "sitemap": sitemap_doc, "archive": archive_doc, "tag": tag_doc,
    "toc": toc_doc, "epaper": epaper_doc, "dirlist": dirlist_doc, "forum_home": forum_home_doc, "forum_list": forum_list_doc,
}
OTHER_RENDERERS: dict[str, Callable[[Ctx, str], Doc]] = {
    "404": e404_doc, "404bare": e404_doc, "login": login_doc, "register": login_doc, "gallery": gallery_doc,
    "video": video_doc, "downloads": downloads_doc, "contact": contact_doc, "leader": leader_doc, "thread": thread_doc,
    "message": message_doc, "502": e502_doc,
}


# ---------------------------------------------------------------------------------------------
# Chrome: one renderer per site family. Each takes a Doc and returns the whole page.
# ---------------------------------------------------------------------------------------------

def nav(ctx: Ctx, tpl: str, sep: str = "", first: str = "") -> str:
    """The channel bar; tpl has {h} (href) and {t} (text)."""
    parts = [first] if first else []
    parts += [tpl.format(h=esc(ctx.url("chan", chan=code)), t=esc(name)) for name, code in ctx.site.channels]
    return sep.join(parts)


def crumbs(doc: Doc, sep: str = " &gt; ", home: str = "首页", lead: str = "当前位置：", link_tpl: str = '<a href="{h}">{t}</a>',
           cur_tpl: str = "{t}") -> str:
    parts = [link_tpl.format(h="/", t=home)]
    for text, href in doc.crumbs:
        parts.append(link_tpl.format(h=esc(href), t=esc(text)) if href else cur_tpl.format(t=esc(text)))
    return lead + sep.join(parts)


def hot(ctx: Ctx, tpl: str, n: int = 8) -> str:
    """Sidebar list; tpl has {h} {t} {k} (1-based rank) {d}."""
    return "".join(tpl.format(h=esc(i.path), t=esc(i.title), k=k, d=f"{i.when:%m-%d}") for k, i in enumerate(ctx.hot(n), 1))


def link_select(ctx: Ctx, label: str = "友情链接", attrs: str = 'onchange="window.open(this.value)"') -> str:
    opts = "".join(f'<option value="{h}">{esc(n)}</option>' for n, h in ctx.links(label))
    return f'<select {attrs}><option value="">--{label}--</option>{opts}</select>'


def specials(ctx: Ctx, tpl: str) -> str:
    return "".join(tpl.format(h=esc(ctx.url("topic", n=k)), t=esc(s), k=k) for k, s in enumerate(ctx.specials, 1))


def js_baidu(ctx: Ctx) -> str:
    return ('<script>var _hmt = _hmt || [];(function() {var hm = document.createElement("script");'
            f'hm.src = "https://hm.baidu.com/hm.js?{ctx.hexes["baidu"]}";var s = document.getElementsByTagName("script")[0];'
            's.parentNode.insertBefore(hm, s);})();</script>')


def js_cnzz(ctx: Ctx) -> str:
    n = int(ctx.code[:10])
    return (f'<script type="text/javascript">document.write(unescape("%3Cspan id=\'cnzz_stat_icon_{n}\'%3E%3C/span%3E%3Cscript '
            f'src=\'https://s9.cnzz.com/z_stat.php%3Fid%3D{n}%26show%3Dpic\' type=\'text/javascript\'%3E%3C/script%3E"));</script>')


def js_51la(ctx: Ctx) -> str:
    return f'<script type="text/javascript" src="//js.users.51.la/{int(ctx.code[:8])}.js"></script>'


def js_trs(ctx: Ctx) -> str:
    return ('<script type="text/javascript">var _trsta = _trsta || {};_trsta.sid = "' + ctx.hexes["trs"][:16] + '";'
            '(function(){var ta = document.createElement("script");ta.type = "text/javascript";ta.async = true;'
            'ta.src = "/ta/trs_ta.js?v=2.1";var s = document.getElementsByTagName("script")[0];s.parentNode.insertBefore(ta, s);})();</script>')


def js_jiucuo(ctx: Ctx) -> str:
    return (f'<span id="_ideConac"></span><script type="text/javascript">document.write(unescape("%3Cspan id=\'_ideConac\' %3E%3C/span%3E'
            f'%3Cscript src=\'https://dcs.conac.cn/js/{ctx.code[:2]}/{ctx.code[2:5]}/0000/{ctx.hexes["site"][:8]}/CA{ctx.code[:9]}.js\' type=\'text/javascript\'%3E%3C/script%3E"));</script>'
            f'<script id="_jiucuo_" sitecode="{ctx.code}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>')


def js_webdig(ctx: Ctx, doc: Doc) -> str:
    return (f'<script type="text/javascript">var _webdig_page = {{site:"{ctx.site.id}",channel:"{esc(doc.chan[1] if doc.chan else "index")}",'
            f'type:"{doc.kind}"}};</script><script src="/js/webdig_test.js" language="javascript" type="text/javascript" async></script>')


def metas(doc: Doc, xhtml: bool = False) -> str:
    end = " /" if xhtml else ""
    return (f'<meta name="keywords" content="{esc(doc.keywords or doc.site.name)}"{end}>\n'
            f'<meta name="description" content="{esc(doc.description or doc.title)}"{end}>')


# --- 1. party newspaper (people-like) --------------------------------------------------------

def chrome_party_daily(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    sec = doc.chan[0] if doc.chan else "首页"
    art = doc.kind == "article" and doc.when
    artmeta = (f'<meta name="filetype" content="0" />\n<meta name="publishedtype" content="1" />\n<meta name="pagetype" content="1" />\n'
               f'<meta name="catalogs" content="{doc.chan[1]}" />\n<meta name="contentid" content="{h32(doc.path) % 10 ** 8}" />\n'
               f'<meta name="publishdate" content="{doc.when:%Y-%m-%d}" />\n<meta name="author" content="{ctx.r.randint(100, 999)}" />\n'
               f'<meta name="source" content="来源：{esc(doc.source)}" />\n') if art else ""
    title = site.name if doc.home else f"{doc.title}--{sec}--{site.name}"
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html;charset=UTF-8"/>
<meta http-equiv="Content-Language" content="utf-8" />
<meta content="all" name="robots" />
<title>{esc(title)}</title>
{metas(doc, True)}
{artmeta}<meta name="viewport" content="width=device-width,initial-scale=1.0,minimum-scale=1.0,maximum-scale=1.0">
<link href="/img/2020wbc/css/page.css" type="text/css" rel="stylesheet" media="all" />
<link href="/img/2020wbc/css/jquery.jscrollpane.css" type="text/css" rel="stylesheet" />
<script src="/img/2020wbc/js/jquery-1.7.1.min.js" type="text/javascript"></script>
<script src="/img/2020wbc/js/jquery.SuperSlide.2.1.1.js" type="text/javascript"></script>
<script src="/img/2020wbc/js/common.js" type="text/javascript"></script>
</head>
<body>
<div class="topbg"><div class="top_nav w1000 clearfix"><div class="fl"><a href="/" target="_blank">{esc(site.name)}首页</a>|<a href="/m/">手机看新闻</a>|<a href="/en/">English</a>|<a href="/jp/">日本語</a>|<a href="/epaper/">数字报</a></div>
<div class="fr"><a href="/member/login">登录</a>|<a href="/member/reg">注册</a></div></div></div>
<div class="header w1000 clearfix"><div class="logo fl"><a href="/"><img src="/img/2020wbc/imgs/logo.png" alt="{esc(site.name)}" /></a><span class="chan_name"><a href="/">{esc(sec)}</a></span></div>
<div class="search fr"><form action="/search/" method="get" target="_blank"><input type="text" name="keyword" class="inp" value="" /><input type="submit" class="btn" value="搜索" /></form></div></div>
<div class="nav w1000 clearfix"><div class="nav_l"><a href="/" class="home">首页</a></div><ul class="nav_r clearfix">{nav(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>')}</ul></div>
<div class="main w1000 clearfix">
<div class="col-1 fl">
{'' if doc.home else '<div class="channel cf">' + crumbs(doc, sep="&gt;&gt;", home=site.name, lead="") + '</div>'}
{doc.main}
</div>
<div class="col-2 fr">
<div class="ph_list"><h2><span>热点排行</span><em>24小时</em></h2><ol>{hot(ctx, '<li><i>{k}</i><a href="{h}" target="_blank">{t}</a></li>', 10)}</ol></div>
<div class="zt_box"><h2>专题推荐</h2><ul>{specials(ctx, '<li><a href="{h}"><img src="/img/zt/{k}.jpg" alt="{t}" /></a><p>{t}</p></li>')}</ul></div>
<div class="ewm"><img src="/img/2020wbc/imgs/ewm.png" alt="客户端下载" /><p>扫码下载客户端</p></div>
</div>
</div>
<div class="footer"><div class="w1000"><p class="link"><a href="/about/">关于我们</a>|<a href="/contact/">联系我们</a>|<a href="/jobs/">招聘英才</a>|<a href="/ad/">广告服务</a>|<a href="/copyright/">版权声明</a>|<a href="/sitemap/">网站地图</a></p>
<p>{esc(site.name)}版权所有，未经书面授权禁止使用</p><p>Copyright &copy; 1997-2024 by {esc(site.host)}. all rights reserved</p>
<p>主办单位：{esc(site.org)}　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　<a href="/ga/" target="_blank">{ctx.gongan()}</a>　互联网新闻信息服务许可证10120{ctx.code[:5]}</p></div></div>
{js_webdig(ctx, doc)}
</body>
</html>
'''


# --- 2. news agency (xinhua-like) --------------------------------------------------------------

def chrome_wire_news(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    title = site.name if doc.home else f"{doc.title}-{site.name}"
    pageid = f'<meta name="pageid" content="{h32(doc.path) % 10 ** 10}" />' if doc.kind == "article" else ""
    return f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="apple-mobile-web-app-capable" content="yes" />
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=0" />
<meta name="source" content="{esc(doc.source or site.name)}" />
{pageid}
<title>{esc(title)}</title>
{metas(doc, True)}
<link rel="stylesheet" href="//lib.{esc(site.host)}/common/reset.css" />
<link rel="stylesheet" href="/detail2020/css/style.css" />
<script src="//lib.{esc(site.host)}/jquery/jquery1.12.4/jquery.min.js"></script>
<script src="//lib.{esc(site.host)}/common/share.js"></script>
</head>
<body>
<div class="header"><div class="header-top clearfix"><div class="wrapper"><div class="left"><a href="/" target="_blank">{esc(site.name)}</a> <a href="/mobile/">手机版</a> <a href="/english/">English</a></div>
<div class="right"><a href="/login/">登录</a> <a href="/zhuce/">注册</a></div></div></div>
<div class="header-cont wrapper clearfix"><div class="logo"><a href="/"><img src="/detail2020/images/logo.png" alt="{esc(site.name)}" /></a></div>
<div class="nav"><ul class="clearfix">{nav(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>')}</ul></div>
<div class="search"><form action="//so.{esc(site.host)}/" method="get"><input type="text" name="keyword" placeholder="请输入关键词" /><button type="submit"></button></form></div></div></div>
<div class="main wrapper clearfix">
{'' if doc.home else '<div class="bread">' + crumbs(doc, sep=" <span>&gt;</span> ", home=site.name, lead="") + '</div>'}
<div class="main-left left">{doc.main}</div>
<div class="main-right right">
<div class="columBox"><div class="col-tit">推荐阅读</div><ul class="list">{hot(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>', 6)}</ul></div>
<div class="columBox"><div class="col-tit">热点专题</div><div class="zt">{specials(ctx, '<a href="{h}"><img src="/detail2020/images/zt{k}.jpg" alt="{t}" /></a>')}</div></div>
<div class="columBox ad"><a href="/app/"><img src="/detail2020/images/app.jpg" alt="客户端" /></a></div>
</div>
</div>
<div class="foot"><div class="foot-nav"><a href="/aboutus/">关于我们</a> | <a href="/contactus/">联系我们</a> | <a href="/ad/">广告服务</a> | <a href="/copyright/">法律声明</a> | <a href="/jobs/">招聘信息</a> | <a href="/sitemap/">网站地图</a></div>
<div class="copyright">{esc(site.name)} 版权所有　主办单位：{esc(site.org)}　承办：{esc(site.undertaker)}<br />互联网新闻信息服务许可证：10120{ctx.code[:6]}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}</div></div>
<script>$(function(){{ shareInit(); }});</script>
{js_baidu(ctx)}
</body>
</html>
'''


# --- 3. central government portal -----------------------------------------------------------

def chrome_central_gov(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    col = doc.chan[0] if doc.chan else "首页"
    artmeta = (f'<meta name="ArticleTitle" content="{esc(doc.title)}">\n<meta name="PubDate" content="{doc.when:%Y-%m-%d %H:%M}">\n'
               f'<meta name="ContentSource" content="{esc(doc.source)}">\n') if doc.kind == "article" and doc.when else ""
    title = site.name if doc.home else f"{doc.title}_{col}_{site.name}"
    return f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(title)}</title>
<meta name="SiteName" content="{esc(site.name)}">
<meta name="SiteDomain" content="{esc(site.host)}">
<meta name="SiteIDCode" content="bm0{ctx.code[:7]}">
<meta name="ColumnName" content="{esc(col)}">
<meta name="ColumnType" content="{esc(col)}">
{artmeta}{metas(doc)}
<link rel="stylesheet" href="/govweb/xhtml/2016gov/css/common.css">
<link rel="stylesheet" href="/govweb/xhtml/2016gov/css/pages.css">
<script src="/govweb/xhtml/2016gov/js/jquery.min.js"></script>
<script src="/govweb/xhtml/2016gov/js/common.js"></script>
<script type="text/javascript">var _wdcid="{ctx.hexes["site"][:8]}";var _wdUT=0;</script>
<script type="text/javascript" src="/govweb/wt/wdc.js"></script>
</head>
<body>
<div class="header"><div class="header_top"><div class="w1200"><span class="date" id="today"></span><div class="fr"><a href="/english/">English</a><a href="/wza/">无障碍</a><a href="/mobile/">移动版</a></div></div></div>
<div class="header_main w1200"><div class="logo"><a href="/"><img src="/govweb/xhtml/2016gov/images/logo.png" alt="{esc(site.name)}"></a></div>
<div class="search_box"><form action="/s.htm" method="get" target="_blank"><input type="hidden" name="t" value="govall"><input type="text" name="q" class="search_input" placeholder="搜索"><input type="submit" value="搜索" class="search_btn"></form>
<p class="hotword">热词：{" ".join(f'<a href="{esc(ctx.url("search", q=t.strip("“”"), page=1))}">{esc(t)}</a>' for t in ctx.tags[:4])}</p></div></div>
<div class="nav"><ul class="w1200">{nav(ctx, '<li><a href="{h}">{t}</a></li>', first='<li class="current"><a href="/">首页</a></li>')}</ul></div></div>
<div class="w1200 content_box">
{'' if doc.home else '<div class="BreadcrumbNav">' + crumbs(doc, sep="&nbsp;&gt;&nbsp;", lead="") + '</div>'}
<div class="main_left">{doc.main}</div>
<div class="main_right">
<div class="right_box"><div class="tit"><span>最新政策</span><a href="{esc(ctx.url('list', chan=site.channels[1][1], page=1))}" class="more">更多</a></div><ul>{hot(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>', 6)}</ul></div>
<div class="right_box"><div class="tit"><span>专题专栏</span></div><div class="zt_pic">{specials(ctx, '<a href="{h}"><img src="/govweb/zt/{k}.jpg" alt="{t}"></a>')}</div></div>
</div></div>
<div class="footer"><div class="w1200"><div class="footer_links">{link_select(ctx, "国务院部门网站")} {link_select(ctx, "地方政府网站")}</div>
<p><a href="/zhuzhan/bqxx/">版权声明</a> | <a href="/zhuzhan/lxwm/">联系我们</a> | <a href="/zhuzhan/wzdt/">网站地图</a></p>
<p>版权所有：{esc(site.name)}　主办单位：{esc(site.org)}　运行维护单位：{esc(site.undertaker)}</p>
<p>网站标识码：bm0{ctx.code[:7]}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　<a href="/ga/">{ctx.gongan()}</a></p>
<div class="conac"><a href="/conac/"><img src="/govweb/images/dzjg.png" alt="党政机关"></a>{js_jiucuo(ctx)}</div></div></div>
</body>
</html>
'''


# --- 4. provincial portal on TRS WCM, table layout ------------------------------------------

def chrome_trs_table(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    side = "" if doc.home else f'''<td width="230" valign="top" class="left_td">
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="lm_tit">{esc(doc.chan[0] if doc.chan else "栏目导航")}</td></tr>
<tr><td class="lm_list">{"".join(f'<a href="{esc(ctx.url("list", chan=c, page=1))}">{esc(n)}</a>' for n, c in site.channels[:8])}</td></tr>
<tr><td class="lm_tit" style="margin-top:10px">热点信息</td></tr><tr><td class="lm_hot">{hot(ctx, '<p>· <a href="{h}" target="_blank" title="{t}">{t}</a></p>', 7)}</td></tr></table></td>
<td width="15"></td>'''
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(doc.head_title)}</title>
<meta name="SiteName" content="{esc(site.name)}" />
<meta name="SiteDomain" content="{esc(site.host)}" />
<meta name="SiteIDCode" content="{ctx.bsm()}" />
<meta name="ColumnName" content="{esc(doc.chan[0] if doc.chan else '首页')}" />
{metas(doc, True)}
<link href="/images/style.css" rel="stylesheet" type="text/css" />
<style type="text/css">.lm_tit{{background:#1a5fa8;color:#fff;font-weight:bold;height:34px;padding-left:12px}} .lm_list a{{display:block;line-height:32px;border-bottom:1px dotted #ccc;padding-left:18px}} .dqwz{{height:34px;border-bottom:2px solid #1a5fa8}}</style>
<script type="text/javascript" src="/images/jquery-1.8.3.min.js"></script>
<script type="text/javascript">function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){{ if(_nPageCount == null || _nPageCount<=1){{ return; }} }}</script>
</head>
<body>
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="28" class="top_bar"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td width="60%">&nbsp;今天是：<script type="text/javascript">var d=new Date();document.write(d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日");</script></td>
<td align="right"><a href="/wza/">无障碍</a> | <a href="/mobile/">手机版</a> | <a href="javascript:void(0)" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage('http://{esc(site.host)}');">设为首页</a> | <a href="/english/">English</a>&nbsp;</td></tr></table></td></tr>
<tr><td height="160" background="/images/banner.jpg"><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td class="logo" style="padding-left:30px"><img src="/images/logo.png" alt="{esc(site.name)}" /></td>
<td width="330" align="center"><form name="searchform" method="post" action="/search/searchResult.jsp" target="_blank"><input type="text" name="searchword" size="24" value="请输入关键字" onfocus="this.value=''" /> <input type="image" src="/images/search_btn.gif" /></form></td></tr></table></td></tr>
<tr><td height="42" class="nav_td" align="center">{nav(ctx, '<a href="{h}" class="nav_a">{t}</a>', sep=' <span class="sp">|</span> ', first='<a href="/" class="nav_a">首页</a>')}</td></tr>
</table>
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF" style="margin-top:8px">
<tr>{side}
<td valign="top">
{'' if doc.home else '<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="dqwz">' + crumbs(doc, sep=" &gt; ", lead="当前位置：") + '</td></tr></table>'}
{doc.main}
</td></tr></table>
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0" class="foot_links"><tr><td height="40" align="center">{link_select(ctx, "国务院部门")} {link_select(ctx, "省内各市")} {link_select(ctx, "省级部门")}</td></tr></table>
<table width="1002" border="0" align="center" cellpadding="0" cellspacing="0" class="foot">
<tr><td height="30" align="center"><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzsm/">网站声明</a> | <a href="/bzzx/">帮助中心</a></td></tr>
<tr><td align="center" style="line-height:24px">主办：{esc(site.org)}　承办：{esc(site.undertaker)}<br />
网站标识码：{ctx.bsm()}　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　<img src="/images/ga.png" /> {ctx.gongan()}<br />
版权所有 &copy; {esc(site.name)}　建议使用1280×768以上分辨率浏览</td>
<td width="120">{js_jiucuo(ctx)}</td></tr></table>
{js_trs(ctx)}
</body>
</html>
'''


# --- 5. provincial portal on Hanweb jcms ---------------------------------------------------

def chrome_jcms(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    hot_li = hot(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>', 7)
    zt = specials(ctx, '<a href="{h}" class="zt-a"><img src="/picture/0/{k}.jpg" alt="{t}" /></a>')
    right = "" if doc.home else (f'<div class="main-r"><div class="r-box"><div class="r-tit">热点关注</div><ul>{hot_li}</ul></div>'
                                 f'<div class="r-box"><div class="r-tit">专题专栏</div>{zt}</div></div>')
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{esc(site.name)}" />
<meta name="SiteDomain" content="{esc(site.host)}" />
<meta name="SiteIDCode" content="{ctx.bsm()}" />
<meta name="ColumnName" content="{esc(doc.chan[0] if doc.chan else '首页')}" />
<meta name="ColumnType" content="{esc(doc.chan[0] if doc.chan else '首页')}" />
{f'<meta name="ArticleTitle" content="{esc(doc.title)}" />' if doc.kind == "article" else ""}
<meta name="Maketime" content="{ctx.when():%Y-%m-%d %H:%M:%S}" />
<title>{esc(doc.head_title)}</title>
{metas(doc, True)}
<link href="/module/jslib/bootstrap/css/common.css" rel="stylesheet" type="text/css" />
<link href="/images/{ctx.r.randint(1000, 9999)}/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/jslib/urite/urite.min.js"></script>
<script language="javascript" src="/script/0/{ctx.r.randint(1000000000, 9999999999)}.js"></script>
</head>
<body>
<div id="barrierfree_container">
<div class="wza-bar"><div class="w1200"><span class="wel">欢迎访问{esc(site.name)}！</span><span class="r"><a href="javascript:void(0)" id="cniil_wza">无障碍浏览</a><a href="/col/col{ctx.code[:7]}/index.html">长者模式</a><a href="/jsearch/">高级检索</a><a href="https://zwfw.{esc(site.host)}/">政务服务网</a></span></div></div>
<div class="head"><div class="w1200"><div class="head-logo"><img src="/images/{ctx.code[:4]}/logo.png" alt="{esc(site.name)}" /></div>
<div class="head-search"><form action="/jsearch/search.do" method="get" target="_blank"><input type="hidden" name="appid" value="1" /><input type="hidden" name="webid" value="1" /><input type="hidden" name="pos" value="title,content" /><input type="text" name="q" class="inp" /><input type="submit" value="" class="sbtn" /></form></div></div></div>
<div class="nav"><div class="w1200"><table width="100%" cellspacing="0" cellpadding="0"><tr><td><a href="/">首页</a></td>{nav(ctx, '<td><a href="{h}">{t}</a></td>')}</tr></table></div></div>
<div class="w1200 main-wrap">
{'' if doc.home else '<div class="bt-position">' + crumbs(doc, sep=" &gt; ", lead="您当前的位置：") + '</div>'}
<div class="{"main-full" if doc.home else "main-l"}">{doc.main}</div>
{right}
</div>
<div class="foot"><div class="w1200"><div class="links">{link_select(ctx, "中央政府网站")}{link_select(ctx, "各市政府网站")}{link_select(ctx, "省级部门网站")}</div>
<div class="f-info"><p><a href="/col/col{ctx.code[:7]}/index.html">关于我们</a> | <a href="/col/col{ctx.code[1:8]}/index.html">联系我们</a> | <a href="/col/col{ctx.code[2:9]}/index.html">网站地图</a> | <a href="/col/col{ctx.code[3:10]}/index.html">使用帮助</a></p>
<p>主办单位：{esc(site.org)}　承办单位：{esc(site.undertaker)}</p>
<p>网站标识码：{ctx.bsm()}　<a href="https://beian.miit.gov.cn" target="_blank">{ctx.icp()}</a>　{ctx.gongan()}</p><p>版权所有：{esc(site.name)}</p></div>
<div class="f-ico">{js_jiucuo(ctx)}</div></div></div>
</div>
<script type="text/javascript" src="/module/jslib/wza/cniil_wza.js"></script>
<script type="text/javascript">var _maq = _maq || [];_maq.push(['_setAccount', '{ctx.hexes["site"][:10]}']);</script>
</body>
</html>
'''


# --- 6. city portal, HTML5 semantic ---------------------------------------------------------

def chrome_html5_gov(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    aside = "" if doc.home else f'''<aside class="sidebar">
<section class="widget"><h2 class="widget-title">热点排行</h2><ol class="rank">{hot(ctx, '<li><span class="num">{k}</span><a href="{h}">{t}</a></li>', 8)}</ol></section>
<section class="widget"><h2 class="widget-title">专题专栏</h2><ul class="special">{specials(ctx, '<li><a href="{h}"><img src="/static/img/zt/{k}.png" alt="{t}" loading="lazy"></a></li>')}</ul></section>
<section class="widget"><h2 class="widget-title">政务新媒体</h2><ul class="qr"><li><img src="/static/img/wx.png" alt="微信"><span>微信公众号</span></li><li><img src="/static/img/wb.png" alt="微博"><span>政务微博</span></li></ul></section>
</aside>'''
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="renderer" content="webkit">
<title>{esc(doc.head_title)}</title>
{metas(doc)}
<meta name="SiteName" content="{esc(site.name)}">
<meta name="SiteIDCode" content="{ctx.bsm()}">
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/static/css/base.css?v=20230601">
<link rel="stylesheet" href="/static/css/page.css?v=20230601">
<script src="/static/js/jquery-3.6.0.min.js"></script>
<script src="/static/js/assist/assist-entry.js" defer></script>
</head>
<body>
<header class="site-header">
<div class="topbar"><div class="container"><span class="weather" id="weather"></span><nav class="quick"><a href="/wza/" id="assist-open">无障碍</a><a href="/elder/">长者模式</a><a href="/zntw/">智能问答</a><a href="/en/">English</a></nav></div></div>
<div class="container brand"><a class="logo" href="/"><img src="/static/img/logo.png" alt="{esc(site.name)}"><span>{esc(site.name)}</span></a>
<form class="search" role="search" action="/search/" method="get"><input type="search" name="searchWord" placeholder="请输入搜索内容" aria-label="搜索"><button type="submit">搜索</button></form></div>
<nav class="mainnav" aria-label="主导航"><ul class="container">{nav(ctx, '<li><a href="{h}">{t}</a></li>', first='<li class="active"><a href="/">首页</a></li>')}</ul></nav>
</header>
<main class="container page-body">
{'' if doc.home else '<nav class="crumb" aria-label="breadcrumb">' + crumbs(doc, sep=' <span class="sep">/</span> ', lead='<span class="ico-home"></span>当前位置：') + '</nav>'}
<div class="{"home-grid" if doc.home else "layout"}"><div class="primary">{doc.main}</div>{aside}</div>
</main>
<footer class="site-footer"><div class="container">
<div class="friend-links"><label>友情链接：</label>{link_select(ctx, "省级网站")}{link_select(ctx, "市直部门")}{link_select(ctx, "县（市、区）")}</div>
<div class="footer-info"><p><a href="/wzdt/">网站地图</a><a href="/lxwm/">联系我们</a><a href="/wzsm/">网站声明</a><a href="/yszc/">隐私政策</a></p>
<p>主办单位：{esc(site.org)}　承办单位：{esc(site.undertaker)}　联系电话：0{ctx.code[:3]}-{ctx.code[3:10]}</p>
<p><a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　<a href="/ga/"><img src="/static/img/ga.png" alt="">{ctx.gongan()}</a>　网站标识码：{ctx.bsm()}</p>
<p>版权所有 &copy; {esc(site.name)}</p></div><div class="footer-ico">{js_jiucuo(ctx)}<img src="/static/img/shilaohua.png" alt="适老化无障碍服务"></div>
</div></footer>
{js_baidu(ctx)}
</body>
</html>
'''


# --- 7. county site on PHPCMS, div soup ----------------------------------------------------

def chrome_phpcms(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    right = "" if doc.home else f'''<div class="r_box fr">
<div class="rb1"><div class="rb1_t"><span>最新信息</span></div><ul class="ul_1">{hot(ctx, '<li><a href="{h}" title="{t}" target="_blank">{t}</a></li>', 8)}</ul></div>
<div class="rb2"><div class="rb1_t"><span>专题专栏</span></div>{specials(ctx, '<div class="zt_i"><a href="{h}"><img src="/statics/images/zt{k}.jpg" width="268" alt="{t}" /></a></div>')}</div>
<div class="rb3"><a href="/index.php?m=guestbook"><img src="/statics/images/xzxx.jpg" alt="县长信箱" /></a></div></div>'''
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=7" />
<title>{esc(doc.head_title)}</title>
{metas(doc, True)}
<link href="/statics/css/reset.css" rel="stylesheet" type="text/css" />
<link href="/statics/css/default_blue.css" rel="stylesheet" type="text/css" />
<link href="/statics/css/qx.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/statics/js/jquery.min.js"></script>
<script type="text/javascript" src="/statics/js/jquery.sgallery.js"></script>
<script type="text/javascript" src="/statics/js/search_common.js"></script>
</head>
<body>
<div class="t_top"><div class="w1"><div class="fl">欢迎访问{esc(site.name)}！今天是<span id="rq"></span></div><div class="fr"><a href="/index.php?m=member&amp;c=index&amp;a=login">登录</a> | <a href="/index.php?m=member&amp;c=index&amp;a=register">注册</a> | <a href="/wap/">手机版</a></div></div></div>
<div class="bn"><div class="w1"><div class="lg fl"><a href="/"><img src="/statics/images/qx/logo.png" alt="{esc(site.name)}" /></a></div>
<div class="ss fr"><form action="/index.php" method="get" target="_blank"><input type="hidden" name="m" value="search" /><input type="hidden" name="c" value="index" /><input type="hidden" name="a" value="init" /><input type="hidden" name="typeid" value="1" /><input type="text" name="q" id="q" class="s_ipt" /><input type="submit" value=" " class="s_btn" /></form></div></div></div>
<div class="dh"><div class="w1"><ul class="mn">{nav(ctx, '<li><a href="{h}">{t}</a></li>', first='<li class="on"><a href="/">网站首页</a></li>')}</ul></div></div>
<div class="w1 mt10">
{'' if doc.home else '<div class="wz">' + crumbs(doc, sep=" &gt; ", lead="当前位置：") + '</div>'}
<div class="l_box {'w100' if doc.home else 'fl'}">{doc.main}</div>
{right}
<div class="clear"></div></div>
<div class="yqlj w1"><span>友情链接：</span>{link_select(ctx, "上级政府网站")}{link_select(ctx, "周边县市")}{link_select(ctx, "县直部门")}</div>
<div class="ft"><div class="w1"><p><a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=80">关于我们</a> | <a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=81">联系我们</a> | <a href="/index.php?m=content&amp;c=index&amp;a=lists&amp;catid=82">网站地图</a></p>
<p>版权所有：{esc(site.name)}　主办：{esc(site.org)}　承办：{esc(site.undertaker)}</p>
<p>网站标识码：{ctx.bsm()}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}</p><div class="jc">{js_jiucuo(ctx)}</div></div></div>
{js_cnzz(ctx)}
</body>
</html>
'''


# --- 8. county site on an old ASP CMS, GBK, nested tables and <font> -----------------------

OLD_ONCHANGE = 'onchange="if(this.value!=\'\')window.open(this.value)"'


def chrome_old_asp(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    left = "" if doc.home else f'''<TD vAlign=top width=200 bgColor=#f2f7fc>
<TABLE cellSpacing=0 cellPadding=0 width="100%" border=0><TR><TD height=30 background="Skin/Default/lm_bg.gif">&nbsp;&nbsp;<FONT color=#ffffff><B>栏目导航</B></FONT></TD></TR>
{"".join(f'<TR><TD height=26>&nbsp;&nbsp;<IMG src="Skin/Default/arrow.gif"> <A href="{esc(ctx.url("list", chan=c, page=1))}">{esc(n)}</A></TD></TR>' for n, c in site.channels[:9])}
<TR><TD height=30 background="Skin/Default/lm_bg.gif">&nbsp;&nbsp;<FONT color=#ffffff><B>热门文章</B></FONT></TD></TR>
<TR><TD>{hot(ctx, '<DIV style="PADDING:3px">·<A href="{h}" title="{t}" target=_blank>{t}</A></DIV>', 8)}</TD></TR>
<TR><TD height=30 background="Skin/Default/lm_bg.gif">&nbsp;&nbsp;<FONT color=#ffffff><B>通知公告</B></FONT></TD></TR>
<TR><TD><MARQUEE onmouseover=this.stop() onmouseout=this.start() scrollAmount=2 direction=up height=120>{hot(ctx, '·<A href="{h}" target=_blank>{t}</A><BR>', 5)}</MARQUEE></TD></TR></TABLE></TD>
<TD width=8></TD>'''
    return f'''<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML><HEAD><TITLE>{esc(doc.title if not doc.home else site.name)}-{esc(site.name)}</TITLE>
<META http-equiv=Content-Type content="text/html; charset=gb2312">
<META content="{esc(doc.keywords or site.name)}" name=Keywords>
<META content="{esc(doc.description or doc.title)}" name=Description>
<META content="MSHTML 6.00.2900.5512" name=GENERATOR>
<LINK href="Skin/DefaultSkin.css" type=text/css rel=stylesheet>
<SCRIPT language=javascript src="js/menu.js"></SCRIPT>
<SCRIPT language=JavaScript type=text/JavaScript>
function MM_swapImgRestore() {{ var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc; }}
</SCRIPT>
</HEAD>
<BODY leftMargin=0 topMargin=0 marginheight="0" marginwidth="0">
<TABLE cellSpacing=0 cellPadding=0 width=980 align=center border=0>
<TR><TD height=24 bgColor=#e8f1fa><FONT color=#333333>&nbsp;今天是：<SCRIPT language=JavaScript src="js/date.js"></SCRIPT></FONT></TD><TD align=right bgColor=#e8f1fa><A href="#" onclick="this.style.behavior='url(#default#homepage)';this.setHomePage('http://{esc(site.host)}/');">设为首页</A> | <A href="javascript:window.external.AddFavorite('http://{esc(site.host)}/','{esc(site.name)}')">加入收藏</A> | <A href="User/User_Login.asp">用户登录</A>&nbsp;</TD></TR>
<TR><TD colSpan=2><IMG height=150 src="Skin/Default/banner.jpg" width=980 alt="{esc(site.name)}"></TD></TR>
<TR><TD colSpan=2 height=36 background="Skin/Default/nav_bg.gif" align=center>{nav(ctx, '<A href="{h}"><FONT color=#ffffff><B>{t}</B></FONT></A>', sep=' <FONT color=#ffffff>|</FONT> ', first='<A href="/"><FONT color=#ffffff><B>网站首页</B></FONT></A>')}</TD></TR>
<TR><TD height=30 bgColor=#f7f7f7>{'' if doc.home else '&nbsp;' + crumbs(doc, sep=" &gt;&gt; ", home=site.name, lead='<IMG src="Skin/Default/home.gif" align=absMiddle> 您现在的位置：', link_tpl='<A href="{h}">{t}</A>')}</TD>
<TD align=right bgColor=#f7f7f7><FORM name=search action="Search.asp" method=post style="MARGIN:0"><INPUT type=hidden value=Article name=ModuleName><SELECT name=Field><OPTION value=Title selected>标题</OPTION><OPTION value=Content>内容</OPTION></SELECT> <INPUT maxLength=50 size=16 name=Keyword> <INPUT type=submit value=搜索 name=Submit></FORM></TD></TR>
</TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=980 align=center border=0 bgColor=#ffffff><TR>
{left}
<TD vAlign=top>{doc.main}</TD></TR></TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=980 align=center border=0><TR><TD align=center height=30>友情链接：{link_select(ctx, "市直部门", OLD_ONCHANGE)}{link_select(ctx, "乡镇网站", OLD_ONCHANGE)}</TD></TR>
<TR><TD align=center bgColor=#2a6fb5 height=90><FONT color=#ffffff style="LINE-HEIGHT:22px">
<A href="Announce.asp"><FONT color=#ffffff>联系我们</FONT></A> | <A href="About.asp"><FONT color=#ffffff>关于本站</FONT></A> | <A href="SiteMap.asp"><FONT color=#ffffff>网站地图</FONT></A><BR>
版权所有：{esc(site.org)}　承办：{esc(site.undertaker)}<BR>
网站标识码：{ctx.bsm()}　<A href="https://beian.miit.gov.cn/" target=_blank><FONT color=#ffffff>{ctx.icp()}</FONT></A>　{ctx.gongan()}<BR>
建议使用IE6.0以上浏览器 1024*768分辨率浏览</FONT></TD></TR></TABLE>
{js_51la(ctx)}
</BODY></HTML>
'''


# --- 9. party-member education portal (12371-like, CCTV-family templates) -------------------

def chrome_party_portal(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    item = f'<script type="text/javascript">var itemid1="ARTI{h32(doc.path) % 10 ** 16}";var commentTitle="{esc(doc.title)}";var column_id="TOPC{ctx.code}";</script>' if doc.kind == "article" else ""
    side = "" if doc.home else f'''<div class="dyw_right">
<div class="dyw_box"><div class="dyw_box_hd"><h3>学习排行</h3></div><ul class="phb">{hot(ctx, '<li><span class="n{k}">{k}</span><a href="{h}" target="_blank">{t}</a></li>', 10)}</ul></div>
<div class="dyw_box"><div class="dyw_box_hd"><h3>专题</h3></div>{specials(ctx, '<div class="zt"><a href="{h}" target="_blank"><img src="//p1.img.{{host}}/photoworkspace/contentimg/{k}.jpg" alt="{t}" /></a></div>').replace("{host}", esc(site.host))}</div>
<div class="dyw_box"><a href="/app/"><img src="/images/app_download.png" alt="客户端" /></a></div></div>'''
    return f'''<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="spm-id" content="C{ctx.code[:11]}" />
<title>{esc(site.name if doc.home else f"{doc.title}_{site.name}")}</title>
{metas(doc, True)}
<link type="text/css" rel="stylesheet" href="//r.img.{esc(site.host)}/photoAlbum/templet/common/DEPA{ctx.code}/style.css" />
<script type="text/javascript" src="//r.img.{esc(site.host)}/js/jquery-1.7.2.min.js"></script>
<script type="text/javascript" src="//js.data.{esc(site.host)}/gather/sdk/dist/gather-sdk.js"></script>
{item}
</head>
<body>
<div class="dyw_head"><div class="dyw_top"><div class="w1000"><a href="/" class="logo"><img src="//r.img.{esc(site.host)}/photoAlbum/templet/common/logo.png" alt="{esc(site.name)}" /></a>
<div class="dyw_search"><form action="//search.{esc(site.host)}/" method="get" target="_blank"><input type="text" name="qtext" class="ss_inp" /><input type="submit" class="ss_btn" value="搜 索" /></form></div>
<div class="dyw_login"><a href="/member/login/">登录</a> <a href="/member/reg/">注册</a></div></div></div>
<div class="dyw_nav"><div class="w1000"><ul>{nav(ctx, '<li><a href="{h}" target="_blank">{t}</a></li>', first='<li class="cur"><a href="/">首页</a></li>')}</ul></div></div></div>
<div class="w1000 dyw_main">
{'' if doc.home else '<div class="dyw_position">' + crumbs(doc, sep=" &gt; ", lead="您的位置：") + '</div>'}
<div class="{"dyw_full" if doc.home else "dyw_left"}">{doc.main}</div>
{side}
<div class="clear"></div></div>
<div class="dyw_foot"><div class="w1000"><p class="flink">{link_select(ctx, "相关网站")}</p>
<p><a href="/about/">网站简介</a> | <a href="/contact/">联系我们</a> | <a href="/copyright/">版权声明</a> | <a href="/jubao/">违法和不良信息举报</a></p>
<p>主办：{esc(site.org)}　承办：{esc(site.undertaker)}</p>
<p>版权所有 {esc(site.name)}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}　网站标识码：{ctx.bsm()}</p></div></div>
<script type="text/javascript">with(document)with(body)with(insertBefore(createElement("script"),firstChild))setAttribute("exparams","category=&userid=&aplus&yunid=",id="tb-beacon-aplus",src=(location>"https"?"//js":"//js")+".data.{esc(site.host)}/__aplus.js")</script>
</body>
</html>
'''


# --- 10. theory journal -----------------------------------------------------------------------

def chrome_theory(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(doc.head_title)}</title>
{metas(doc, True)}
<link rel="stylesheet" type="text/css" href="/static/css/qs_common.css" />
<link rel="stylesheet" type="text/css" href="/static/css/qs_detail.css" />
<script type="text/javascript" src="/static/js/jquery.js"></script>
<style type="text/css">.inner{{width:1000px;margin:0 auto}} .highlight p{{text-indent:2em;line-height:2;font-size:16px}} .appellation{{color:#666;text-align:center}}</style>
</head>
<body>
<div class="top"><div class="inner"><div class="top-left"><a href="/"><img src="/static/images/logo.jpg" alt="{esc(site.name)}" /></a></div>
<div class="top-right"><span class="slogan">{esc(site.org)}主办</span><form action="/search/" method="get"><input type="text" name="kw" /><input type="submit" value="检索" /></form></div></div></div>
<div class="nav"><div class="inner">{nav(ctx, '<a href="{h}">{t}</a>', sep='<span>|</span>', first='<a href="/">首页</a>')}</div></div>
<div class="container inner">
{'' if doc.home else '<div class="crumbs">' + crumbs(doc, sep="&gt;", lead="当前位置：") + '</div>'}
<div class="row">{doc.main}</div>
{'' if doc.home else f'<div class="more-box"><div class="more-hd">往期精选</div><ul>{hot(ctx, "<li><a href={h}>{t}</a></li>", 6)}</ul></div>'}
<div class="zt-row">{specials(ctx, '<a href="{h}" class="zt"><img src="/static/images/zt_{k}.jpg" alt="{t}" /><span>{t}</span></a>')}</div>
</div>
<div class="footer"><div class="inner"><div class="yqlj">友情链接：{link_select(ctx)}</div>
<p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/tougao/">投稿须知</a> | <a href="/dingyue/">征订</a></p>
<p>{esc(site.name)}版权所有　主办单位：{esc(site.org)}　承办：{esc(site.undertaker)}</p>
<p><a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}　网站标识码：{ctx.bsm()}</p></div></div>
{js_cnzz(ctx)}
</body>
</html>
'''


# --- 11. content farm copying WeChat posts -------------------------------------------------

def chrome_wx_farm(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    r = ctx.r
    ad = lambda slot: (f'<div class="a-{slot}"><script type="text/javascript">(function() {{var s = "_" + Math.random().toString(36).slice(2);'
                       f'document.write(\'<div style="" id="\' + s + \'"></div>\');(window.slotbydup = window.slotbydup || []).push({{id: "u{r.randint(1000000, 9999999)}",'
                       f'container: s}});}})();</script><script type="text/javascript" src="//cpro.baidustatic.test/cpro/ui/c.js" async="async" defer="defer"></script></div>')
    side = f'''<div class="kx-r">{ad("r1")}
<div class="kx-box"><div class="kx-hd">今日热文</div><ul class="kx-rank">{hot(ctx, '<li><em>{k}</em><a href="{h}" target="_blank">{t}</a></li>', 10)}</ul></div>
<div class="kx-box"><div class="kx-hd">热门标签</div><div class="kx-tags">{" ".join(f'<a href="{esc(ctx.url("tag", tag=t.strip("“”"), page=1))}">{esc(t)}</a>' for t in ctx.tags)}</div></div>
<div class="kx-box"><div class="kx-hd">精选专题</div>{specials(ctx, '<a href="{h}" class="kx-zt">{t}</a>')}</div>{ad("r2")}</div>'''
    return f'''<!DOCTYPE html>
<html lang="zh-cn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="applicable-device" content="pc,mobile">
<meta http-equiv="Cache-Control" content="no-transform">
<title>{esc(site.name if doc.home else f"{doc.title} - {site.name}")}</title>
{metas(doc)}
<link rel="canonical" href="http://{esc(site.host)}{esc(doc.path)}">
<link rel="stylesheet" href="/skin/css/m7.css?v={r.randint(100, 999)}">
<script src="/skin/js/jquery.min.js"></script>
<script src="/skin/js/lazyload.js"></script>
</head>
<body>
<div class="kx-top"><div class="kx-w"><a class="kx-logo" href="/"><img src="/skin/img/logo.png" alt="{esc(site.name)}"><span>{esc(site.name)}</span></a>
<form class="kx-s" action="/search" method="get"><input name="q" placeholder="搜索公众号文章"><button>搜索</button></form></div></div>
<div class="kx-nav"><div class="kx-w">{nav(ctx, '<a href="{h}">{t}</a>', first='<a href="/" class="on">首页</a>')}</div></div>
<div class="kx-w">{ad("top")}
{'' if doc.home else '<div class="kx-pos">' + crumbs(doc, sep=" &gt; ", lead="当前位置：") + '</div>'}
<div class="kx-main"><div class="kx-l">{doc.main}{ad("bottom")}</div>{side}</div></div>
<div class="kx-foot"><div class="kx-w"><p><a href="/about.html">关于本站</a> | <a href="/contact.html">联系我们</a> | <a href="/tousu.html">侵权投诉</a> | <a href="/sitemap.xml">网站地图</a></p>
<p>本站内容来源于网络及微信公众号，仅供学习交流，版权归原作者所有；如有侵权请联系删除。</p>
<p>Copyright &copy; 2018-2024 {esc(site.host)} 版权所有　<a href="https://beian.miit.gov.cn/" rel="nofollow">{ctx.icp()}</a>　{ctx.gongan()}</p>
<p>主办：{esc(site.org)}　承办：{esc(site.undertaker)}</p></div></div>
{js_baidu(ctx)}
<script>(function(){{var bp = document.createElement('script');bp.src = '//push.zhanzhang.baidu.test/push.js';var s = document.getElementsByTagName("script")[0];s.parentNode.insertBefore(bp, s);}})();</script>
</body>
</html>
'''


# --- 12. mirror of government sites ---------------------------------------------------------

def chrome_mirror(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    origin = doc.path.lstrip("/").split("/")[0] if doc.path.count("/") > 1 else ""
    bar = (f'<div id="mirror-bar">您正在浏览的是 <b>{esc(origin)}</b> 的镜像页面，镜像时间：{ctx.when():%Y-%m-%d %H:%M}。'
           f'<a href="http://{esc(origin)}{esc(doc.path[len(origin) + 1:])}" rel="nofollow">查看原网页</a> <a href="/about.html">关于镜像</a></div>') if origin else ""
    return f'''<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="robots" content="noarchive">
<title>{esc(doc.head_title)}</title>
{metas(doc)}
<link rel="stylesheet" href="/_mirror/css/m.css">
<script src="/_mirror/js/m.js"></script>
</head>
<body>
{bar}
<header class="mh"><div class="mh-in"><a href="/" class="mh-logo">{esc(site.name)}</a><nav class="mh-nav">{nav(ctx, '<a href="{h}">{t}</a>')}</nav>
<form action="/search" class="mh-s"><input name="q" placeholder="在镜像中搜索"><button>搜索</button></form></div></header>
<div class="wrap">
{'' if doc.home else '<div class="mcrumb">' + crumbs(doc, sep=" / ", home="镜像首页", lead="") + '</div>'}
<div class="mcontent">{doc.main}</div>
<div class="mside"><h4>最近更新</h4><ul>{hot(ctx, '<li><a href="{h}">{t}</a></li>', 8)}</ul><h4>镜像专题</h4><ul>{specials(ctx, '<li><a href="{h}">{t}</a></li>')}</ul><h4>友情链接</h4>{link_select(ctx)}</div>
</div>
<footer class="mf"><p>本镜像站仅作公开信息备份与研究用途，内容版权归原网站所有。<a href="/contact.html">联系我们</a> | <a href="/takedown.html">删除申请</a></p>
<p>主办：{esc(site.org)}　承办：{esc(site.undertaker)}　版权所有 &copy; {esc(site.name)}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}</p></footer>
</body>
</html>
'''


# --- 13. Discuz! X3.4 forum -------------------------------------------------------------------

def chrome_discuz(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    r = ctx.r
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(doc.title)} - {esc(site.name)} -  Powered by Discuz!</title>
<meta name="keywords" content="{esc(doc.keywords or doc.title)}" />
<meta name="description" content="{esc(doc.description or doc.title)} ,{esc(site.name)}" />
<meta name="generator" content="Discuz! X3.4" />
<meta name="author" content="Discuz! Team and Comsenz UI Team" />
<meta name="copyright" content="2001-2017 Comsenz Inc." />
<meta name="MSSmartTagsPreventParsing" content="True" />
<meta http-equiv="MSThemeCompatible" content="Yes" />
<base href="http://{esc(site.host)}/" /><link rel="stylesheet" type="text/css" href="data/cache/style_1_common.css?Qa3" /><link rel="stylesheet" type="text/css" href="data/cache/style_1_forum_viewthread.css?Qa3" />
<script type="text/javascript">var STYLEID = '1', STATICURL = 'static/', IMGDIR = 'static/image/common', VERHASH = 'Qa3', charset = 'utf-8', discuz_uid = '0', cookiepre = 'x3q_2132_', cookiedomain = '', cookiepath = '/', showusercard = '1', attackevasive = '0', disallowfloat = 'newthread', creditnotice = '1|威望|,2|金钱|,3|贡献|', defaultstyle = '', REPORTURL = '', SITEURL = 'http://{esc(site.host)}/', JSPATH = 'static/js/', CSSPATH = 'data/cache/style_', DYNAMICURL = '';</script>
<script src="static/js/common.js?Qa3" type="text/javascript"></script>
<meta name="application-name" content="{esc(site.name)}" />
<script src="static/js/forum.js?Qa3" type="text/javascript"></script>
</head>
<body id="nv_forum" class="pg_viewthread" onkeydown="if(event.keyCode==27) return false;">
<div id="append_parent"></div><div id="ajaxwaitid"></div>
<div id="toptb" class="cl"><div class="wp"><div class="z"><a href="javascript:;" onclick="setHomepage('http://{esc(site.host)}/');">设为首页</a><a href="javascript:;" onclick="addFavorite(this.href, '{esc(site.name)}');return false;">收藏本站</a></div>
<div class="y"><a id="switchblind" href="javascript:;" onclick="toggleBlind(this)" title="开启辅助访问" class="switchblind">开启辅助访问</a></div></div></div>
<div id="hd"><div class="wp"><div class="hdc cl"><h2><a href="./" title="{esc(site.name)}"><img src="static/image/common/logo.png" alt="{esc(site.name)}" border="0" /></a></h2>
<div id="um"><div class="fastlg cl"><form method="post" autocomplete="off" id="lsform" action="member.php?mod=logging&amp;action=login&amp;loginsubmit=yes&amp;infloat=yes&amp;lssubmit=yes"><div class="fastlg_fm y"><table cellspacing="0" cellpadding="0"><tr><td><label for="ls_username">帐号</label></td><td><input type="text" name="username" id="ls_username" class="px vm xg1" /></td><td class="fastlg_l"><a href="member.php?mod=register" class="xi2 xw1">立即注册</a></td></tr><tr><td><label for="ls_password">密码</label></td><td><input type="password" name="password" id="ls_password" class="px vm" /></td><td class="fastlg_l"><button type="submit" class="pn vm"><em>登录</em></button></td></tr></table></div></form></div></div></div>
<div id="nv"><a href="javascript:;" id="qmenu">快捷导航</a><ul><li class="a" id="mn_forum"><a href="forum.php" hidefocus="true" title="BBS">论坛<span>BBS</span></a></li>{nav(ctx, '<li><a href="{h}" hidefocus="true">{t}</a></li>')}</ul></div>
<div id="scbar" class="cl"><form id="scbar_form" method="post" autocomplete="off" action="search.php?searchsubmit=yes" target="_blank"><input type="hidden" name="mod" id="scbar_mod" value="search" /><input type="hidden" name="formhash" value="{r.getrandbits(32):08x}" /><table cellspacing="0" cellpadding="0"><tr><td class="scbar_txt_td"><input type="text" name="srchtxt" id="scbar_txt" value="" autocomplete="off" x-webkit-speech speech /></td><td class="scbar_btn_td"><button type="submit" name="searchsubmit" id="scbar_btn" sc="1" class="pn pnc" value="true"><strong class="xi2">搜索</strong></button></td></tr></table></form></div></div></div>
<div id="wp" class="wp">
<div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm" title="首页">{esc(site.name)}</a>{"".join(f' <em>&rsaquo;</em> <a href="{esc(h)}">{esc(t)}</a>' if h else f' <em>&rsaquo;</em> {esc(t)}' for t, h in doc.crumbs)}</div></div>
<div id="ct" class="wp cl">{doc.main}</div>
<div class="bm"><div class="bm_h"><h2>热门帖子</h2></div><div class="bm_c"><ul class="xl xl2 cl">{hot(ctx, '<li><a href="{h}" title="{t}">{t}</a></li>', 8)}</ul></div></div>
</div>
<div id="ft" class="wp cl"><div id="flk" class="y"><p><a href="archiver/">Archiver</a><span class="pipe">|</span><a href="forum.php?mobile=yes">手机版</a><span class="pipe">|</span><a href="forum.php?mod=misc&amp;action=showdarkroom">小黑屋</a><span class="pipe">|</span><a href="about.html">联系我们</a><span class="pipe">|</span><strong><a href="./" target="_blank">{esc(site.name)}</a></strong> ( <a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a> )<span class="pipe">|</span>{ctx.gongan()}</p>
<p class="xs0">GMT+8, {ctx.when():%Y-%m-%d %H:%M}<span id="debuginfo">, Processed in 0.0{r.randint(10, 99)} second(s), {r.randint(5, 40)} queries .</span></p></div>
<div id="frt"><p>Powered by <strong><a href="http://www.discuz.net" target="_blank">Discuz!</a></strong> <em>X3.4</em></p><p class="xs0">&copy; 2001-2017 <a href="http://www.comsenz.com" target="_blank">Comsenz Inc.</a></p><p>主办：{esc(site.org)}　承办：{esc(site.undertaker)}　版权所有</p></div></div>
{js_cnzz(ctx)}
</body>
</html>
'''


# --- 14. WordPress blog -------------------------------------------------------------------------

def chrome_blog(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    r = ctx.r
    months = sorted({(i.when.year, i.when.month) for i in ctx.items[:60]}, reverse=True)[:12]
    archives = "".join(f'<li><a href="{esc(ctx.url("archive", d=dt.date(y, m, 1)))}">{y}年{m}月</a></li>' for y, m in months)
    return f'''<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{esc(site.name if doc.home else f"{doc.title} &#8211; {site.name}").replace("&amp;#8211;", "&#8211;")}</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="{esc(site.name)} &raquo; Feed" href="http://{esc(site.host)}/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='http://{esc(site.host)}/wp-includes/css/dist/block-library/style.min.css?ver=5.8.2' media='all' />
<link rel='stylesheet' id='twentyseventeen-style-css' href='http://{esc(site.host)}/wp-content/themes/twentyseventeen/style.css?ver=20201208' media='all' />
<script src='http://{esc(site.host)}/wp-includes/js/jquery/jquery.min.js?ver=3.6.0' id='jquery-core-js'></script>
<meta name="generator" content="WordPress 5.8.2" />
{metas(doc)}
</head>
<body class="{"home blog" if doc.home else "post-template-default single single-post"} hfeed has-sidebar">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">跳至内容</a>
<header id="masthead" class="site-header"><div class="site-branding"><div class="wrap"><p class="site-title"><a href="/" rel="home">{esc(site.name)}</a></p>
<p class="site-description">一个基层干部的学习与工作笔记</p></div></div>
<div class="navigation-top"><div class="wrap"><nav id="site-navigation" class="main-navigation" aria-label="顶部菜单"><ul id="top-menu" class="menu"><li class="menu-item"><a href="/">首页</a></li>{nav(ctx, '<li class="menu-item menu-item-type-taxonomy"><a href="{h}">{t}</a></li>')}</ul></nav></div></div></header>
<div class="site-content-contain"><div id="content" class="site-content"><div class="wrap">
{'' if doc.home else '<div class="breadcrumbs">' + crumbs(doc, sep=" &raquo; ", lead="") + '</div>'}
<div id="primary" class="content-area"><main id="main" class="site-main">{doc.main}</main></div>
<aside id="secondary" class="widget-area" aria-label="博客边栏">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">搜索：</span><input type="search" class="search-field" placeholder="搜索&hellip;" name="s" /></label><button type="submit" class="search-submit">搜索</button></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">近期文章</h2><ul>{hot(ctx, '<li><a href="{h}">{t}</a></li>', 5)}</ul></section>
<section id="recent-comments-2" class="widget widget_recent_comments"><h2 class="widget-title">近期评论</h2><ul id="recentcomments">{"".join(f'<li class="recentcomments"><span class="comment-author-link">{esc(ctx.w.person())}</span>发表在《<a href="{esc(i.path)}#comment-{r.randint(10, 999)}">{esc(i.title)}</a>》</li>' for i in ctx.hot(4))}</ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">文章归档</h2><ul>{archives}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">分类目录</h2><ul>{nav(ctx, '<li class="cat-item"><a href="{h}">{t}</a></li>')}</ul></section>
<section id="links-2" class="widget widget_links"><h2 class="widget-title">友情链接</h2>{link_select(ctx)}</section>
</aside></div></div>
<footer id="colophon" class="site-footer" role="contentinfo"><div class="wrap"><div class="site-info"><a href="/about/">关于本站</a> | <a href="{esc(ctx.url("contact"))}">联系我们</a><br />本站由{esc(site.source)}个人维护，文章仅代表个人观点<br />
版权所有 &copy; {esc(site.name)}　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　{ctx.gongan()}<br /><a href="https://cn.wordpress.org/" class="imprint">自豪地采用WordPress</a></div></div></footer></div></div>
<script src='http://{esc(site.host)}/wp-includes/js/wp-embed.min.js?ver=5.8.2' id='wp-embed-js'></script>
{js_51la(ctx)}
</body>
</html>
'''


# --- 15. city newspaper group -----------------------------------------------------------------

def chrome_city_daily(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(doc.head_title)}</title>
{metas(doc)}
<meta name="author" content="{esc(site.name)}">
<link href="/css/nlnews_2019.css" rel="stylesheet" type="text/css">
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
<script type="text/javascript" src="/js/nl_common.js"></script>
</head>
<body>
<div id="topbar"><div class="box"><a href="/">{esc(site.name)}</a> | <a href="/epaper/nlrb/">{esc(site.loc.city[:2])}日报</a> | <a href="/epaper/nlwb/">{esc(site.loc.city[:2])}晚报</a> | <a href="/app/">新闻客户端</a> <span class="fr"><a href="/jubao/">违法和不良信息举报</a></span></div></div>
<div id="header"><div class="box"><div class="logo"><a href="/"><img src="/images/2019/logo.png" alt="{esc(site.name)}" width="300" height="70"></a></div>
<div class="hsearch"><form method="get" action="/search/" target="_blank"><input name="keyword" type="text" class="txt"><input type="submit" value="搜 索" class="btn"></form></div></div></div>
<div id="nav"><div class="box">{nav(ctx, '<a href="{h}">{t}</a>', sep=" ", first='<a href="/" class="cur">首页</a>')}</div></div>
<div class="box main">
{'' if doc.home else '<div class="position">' + crumbs(doc, sep=" &gt;&gt; ", home=site.name, lead="您当前的位置 ：") + '</div>'}
<div class="{"main_all" if doc.home else "main_l"}">{doc.main}</div>
{'' if doc.home else f'<div class="main_r"><div class="rbox"><div class="rtit">点击排行</div><ul class="rlist">{hot(ctx, "<li><span>{k}</span><a href={h} target=_blank>{t}</a></li>", 10)}</ul></div><div class="rbox"><div class="rtit">专题</div>{specials(ctx, "<p><a href={h}><img src=/images/zt/{k}.jpg alt={t}></a></p>")}</div></div>'}
<div class="clear"></div></div>
<div id="footer"><div class="box"><div class="flinks">合作媒体：{link_select(ctx, "合作媒体")}</div>
<p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/ad/">广告服务</a> | <a href="/copyright/">版权声明</a></p>
<p>主办单位：{esc(site.org)}　承办：{esc(site.undertaker)}　版权所有 未经授权禁止复制或建立镜像</p>
<p>互联网新闻信息服务许可证：{ctx.code[:11]}　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　{ctx.gongan()}</p></div></div>
{js_baidu(ctx)}
</body>
</html>
'''


# --- 16. university news on VSB ----------------------------------------------------------------

def chrome_vsb(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    left = "" if doc.home else f'''<div class="ny_left"><div class="lm_name">{esc(doc.chan[0] if doc.chan else "新闻网")}</div>
<ul class="lm_nav">{"".join(f'<li><a href="{esc(ctx.url("list", chan=c, page=1))}">{esc(n)}</a></li>' for n, c in site.channels[:7])}</ul>
<div class="lm_hot"><h3>热点新闻</h3><ul>{hot(ctx, '<li><a href="{h}" target="_blank" title="{t}">{t}</a></li>', 6)}</ul></div></div>'''
    return f'''<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{esc(doc.title if not doc.home else "首页")}-{esc(site.name)}</title>
<META Name="keywords" Content="{esc(doc.keywords or site.name)}" />
<META Name="description" Content="{esc(doc.description or doc.title)}" />
<link href="/dfiles/{ctx.r.randint(10000, 99999)}/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/system/resource/js/jquery/jquery-latest.min.js"></script>
<!--Announced by Visual SiteBuilder 9-->
<link rel="stylesheet" type="text/css" href="/_sitegray/_sitegray_d.css" />
<script language="javascript" src="/_sitegray/_sitegray.js"></script>
<script language="javascript" src="/system/resource/js/dynclicks.js"></script>
<script language="javascript" src="/system/resource/js/openlink.js"></script>
</head>
<body>
<div class="top"><div class="top_c"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{esc(site.org)}" /></a><span>新闻网</span></div>
<div class="search"><script language="javascript" src="/system/resource/js/base64.js"></script><form action="/ssjg.jsp?wbtreeid=1001" method="post" id="au0a" name="au0a" onsubmit="return _nl_ys_check()" style="display: inline">
<input type="hidden" id="lucenenewssearchkey{ctx.code[:6]}" name="lucenenewssearchkey" value=""><input type="hidden" id="_lucenesearchtype{ctx.code[:6]}" name="_lucenesearchtype" value="1"><input type="hidden" id="searchScope{ctx.code[:6]}" name="searchScope" value="0">
<input name="showkeycode" id="showkeycode{ctx.code[:6]}" type="text" class="ss_k" /><input type="submit" class="ss_an" value="" /></form></div></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li>{nav(ctx, '<li><a href="{h}">{t}</a></li>')}<li><a href="http://www.{esc(site.host.split(".", 1)[1])}/" target="_blank">学校主页</a></li></ul></div>
<div class="ny_main">
{left}
<div class="{"main_full" if doc.home else "ny_right"}">
{'' if doc.home else '<div class="dqwz">' + crumbs(doc, sep="&gt;&gt;", lead="当前位置：") + '</div>'}
{doc.main}</div><div class="clear"></div></div>
<div class="foot"><div class="foot_c"><div class="yqlj">{link_select(ctx, "校内链接")}{link_select(ctx, "兄弟院校")}</div>
<p>版权所有：{esc(site.org)}　承办：{esc(site.undertaker)}　地址：{esc(site.loc.city)}{ctx.w.pick(PLACE_A)}{ctx.w.pick(PLACE_B)}路{ctx.r.randint(1, 300)}号　邮编：{ctx.code[:6]}</p>
<p><a href="/lxwm.htm">联系我们</a>　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　{ctx.gongan()}</p></div></div>
</body>
</html>
'''


# --- 17. provincial department on a Java CMS, Bootstrap ---------------------------------------

def chrome_bootstrap_dept(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    side = "" if doc.home else f'''<div class="col-md-3 col-sm-12 side">
<div class="panel panel-default"><div class="panel-heading">热门信息</div><ul class="list-group">{hot(ctx, '<li class="list-group-item"><a href="{h}" title="{t}">{t}</a></li>', 7)}</ul></div>
<div class="panel panel-default"><div class="panel-heading">专题专栏</div><div class="panel-body">{specials(ctx, '<a href="{h}" class="zt-item"><img src="/cms/static/img/zt{k}.png" class="img-responsive" alt="{t}"></a>')}</div></div>
<div class="panel panel-default"><div class="panel-heading">办事服务</div><div class="panel-body svc"><a href="/bszn/">办事指南</a><a href="{esc(ctx.url("downloads", page=1))}">表格下载</a><a href="/zxzx/">在线咨询</a><a href="/tsjb/">投诉举报</a></div></div></div>'''
    return f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(doc.head_title)}</title>
{metas(doc)}
<meta name="SiteName" content="{esc(site.name)}">
<meta name="SiteIDCode" content="{ctx.bsm()}">
<link rel="stylesheet" href="/cms/static/bootstrap/3.3.7/css/bootstrap.min.css">
<link rel="stylesheet" href="/cms/static/layui/css/layui.css">
<link rel="stylesheet" href="/cms/static/css/main.css?t={ctx.code[:6]}">
<script src="/cms/static/js/jquery.min.js"></script>
<script src="/cms/static/bootstrap/3.3.7/js/bootstrap.min.js"></script>
<script src="/cms/static/layui/layui.js"></script>
</head>
<body>
<div class="top-bar"><div class="container"><span class="pull-left">{esc(site.loc.prov)}人民政府主管</span><span class="pull-right"><a href="/wza/">无障碍</a> | <a href="/old/">关怀版</a> | <a href="{esc(ctx.url("login"))}">登录</a></span></div></div>
<div class="header"><div class="container"><div class="row"><div class="col-md-8"><a href="/" class="logo"><img src="/cms/static/img/logo.png" alt="{esc(site.name)}"></a></div>
<div class="col-md-4"><form class="navbar-form search-form" action="/search" method="get"><div class="input-group"><input type="text" class="form-control" name="keyword" placeholder="请输入关键词"><span class="input-group-btn"><button class="btn btn-primary" type="submit">搜索</button></span></div></form></div></div></div></div>
<nav class="navbar navbar-default main-nav"><div class="container"><ul class="nav navbar-nav">{nav(ctx, '<li><a href="{h}">{t}</a></li>', first='<li class="active"><a href="/">首页</a></li>')}</ul></div></nav>
<div class="container main">
{'' if doc.home else '<ol class="breadcrumb"><li>当前位置：</li>' + "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' if h else f'<li class="active">{esc(t)}</li>' for t, h in [("首页", "/")] + doc.crumbs) + '</ol>'}
<div class="row"><div class="{"col-md-12" if doc.home else "col-md-9 col-sm-12"} content">{doc.main}</div>{side}</div></div>
<footer class="footer"><div class="container"><div class="row"><div class="col-md-9"><div class="links">{link_select(ctx, "国家部委", 'class="form-control input-sm" onchange="window.open(this.value)"')}{link_select(ctx, "省级部门", 'class="form-control input-sm" onchange="window.open(this.value)"')}</div>
<p><a href="/wzdt/">网站地图</a> | <a href="{esc(ctx.url("contact"))}">联系我们</a> | <a href="/sm/">网站声明</a></p>
<p>主办单位：{esc(site.org)}　承办单位：{esc(site.undertaker)}</p><p>网站标识码：{ctx.bsm()}　<a href="https://beian.miit.gov.cn/">{ctx.icp()}</a>　{ctx.gongan()}</p><p>版权所有：{esc(site.name)}</p></div>
<div class="col-md-3 text-right">{js_jiucuo(ctx)}<img src="/cms/static/img/qr.png" width="90" alt="微信公众号"></div></div></div></footer>
{js_baidu(ctx)}
</body>
</html>
'''


# --- 18. county media centre on Sobey CMS -----------------------------------------------------

def chrome_sobey(doc: Doc) -> str:
    ctx, site = doc.ctx, doc.site
    return f'''<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=no">
<meta name="format-detection" content="telephone=no">
<title>{esc(doc.head_title)}</title>
{metas(doc)}
<meta name="catalogs" content="{esc(doc.chan[1] if doc.chan else "home")}">
<link rel="stylesheet" href="/res/sobey/css/swiper.min.css">
<link rel="stylesheet" href="/res/sobey/css/index.css">
<script src="/res/sobey/js/jquery-1.12.4.min.js"></script>
<script src="/res/sobey/js/swiper.min.js"></script>
<script>var SITEID="{ctx.code[:4]}";var CATALOGID="{esc(doc.chan[1] if doc.chan else "0")}";var CONTENTID="{h32(doc.path) % 10 ** 6}";</script>
</head>
<body>
<div class="index-header" style="background:#c8161d"><div class="wrap1200"><div class="head-logo"><a href="/"><img src="/res/sobey/img/logo.png" alt="{esc(site.name)}"></a></div>
<div class="head-right"><div class="head-app"><a href="/app/">下载客户端</a></div><div class="head-search"><form action="/search.html" method="get"><input type="text" name="keyword" placeholder="搜索"><i class="icon-search"></i></form></div></div></div></div>
<div class="menu" style="background:#a80f15"><div class="wrap1200"><ul class="menu-list">{nav(ctx, '<li class="menu-item"><a href="{h}">{t}</a></li>', first='<li class="menu-item active"><a href="/">首页</a></li>')}</ul></div></div>
<div class="wrap1200 page-main">
{'' if doc.home else '<div class="location">' + crumbs(doc, sep=' <i class="arr">›</i> ', lead='<i class="icon-loc"></i>当前位置：') + '</div>'}
<div class="{"index-body" if doc.home else "page-left"}">{doc.main}</div>
{'' if doc.home else f'<div class="page-right"><div class="side-mod"><div class="side-tit"><span>热门推荐</span></div><ul class="side-list">{hot(ctx, "<li><a href={h}>{t}</a></li>", 8)}</ul></div><div class="side-mod"><div class="side-tit"><span>专题</span></div>{specials(ctx, "<a class=zt-card href={h}><img src=/res/sobey/img/zt{k}.jpg alt={t}></a>")}</div></div>'}
</div>
<div class="footer"><div class="wrap1200"><div class="foot-links">{link_select(ctx)}</div>
<p>主办：{esc(site.org)}　承办：{esc(site.undertaker)}</p><p><a href="/about.html">关于我们</a> · <a href="/contact.html">联系我们</a> · 新闻热线：0{ctx.code[:3]}-{ctx.code[3:10]}</p>
<p>版权所有 &copy; {esc(site.name)}　<a href="https://beian.miit.gov.cn/" target="_blank">{ctx.icp()}</a>　{ctx.gongan()}　网站标识码：{ctx.bsm()}</p></div></div>
{js_baidu(ctx)}
</body>
</html>
'''


# ---------------------------------------------------------------------------------------------
# URL schemes: one function per site family. Signature (r, what, **kw) -> path.
#   what: article, article_alt, list (chan, page), list_alt, chan, home, topic (n), search (q, page),
#   sitemap, archive (d), tag (tag, page), gallery, video, downloads (page), contact, login, register,
#   leader (n), thread, forum_home, forum_list (n, page), toc (d), epaper (d, n), epaper_art (d), dirlist
# ---------------------------------------------------------------------------------------------

def digits(r: random.Random, k: int) -> str:
    return str(r.randint(10 ** (k - 1), 10 ** k - 1))


def _d(kw: dict) -> dt.datetime:
    d = kw.get("d") or dt.datetime(2021, 3, 4, 9, 30)
    return d if isinstance(d, dt.datetime) else dt.datetime(d.year, d.month, d.day, 9, 30)


def generic_url(r: random.Random, what: str, **kw) -> str:
    page, d = kw.get("page", 1), _d(kw)
    q = quote(kw.get("q", ""))
    simple = {"home": "/", "sitemap": "/sitemap.html", "contact": "/contact.html", "login": "/login.html",
              "register": "/register.html", "forum_home": "/forum.php"}
    if what in simple:
        return simple[what]
    if what == "search":
        return f"/search?q={q}" + (f"&page={page}" if page > 1 else "")
    if what == "topic":
        return f"/zt/{kw.get('n', 1)}/index.html"
    if what == "archive":
        return f"/archive/{d:%Y%m%d}.html"
    if what == "tag":
        return f"/tag/{quote(kw.get('tag', ''))}/" + (f"{page}/" if page > 1 else "")
    if what == "downloads":
        return "/download/index.html" if page == 1 else f"/download/index_{page}.html"
    if what == "leader":
        return f"/ldzc/{kw.get('n', 1)}.html"
    raise KeyError(what)


def urls_party_daily(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "1001"), kw.get("page", 1)
    if what in ("article", "gallery", "video", "article_alt"):
        return f"/n1/{d:%Y}/{d:%m%d}/c{chan}-{digits(r, 8)}.html"
    if what in ("list", "chan"):
        return f"/GB/{chan}/index.html" if page == 1 else f"/GB/{chan}/index{page}.html"
    if what == "topic":
        return f"/GB/8198/{410000 + kw.get('n', 1) * 37}/index.html"
    if what == "archive":
        return f"/GB/{chan}/review/{d:%Y%m%d}.html"
    if what == "search":
        return f"/s?keyword={quote(kw.get('q', ''))}&st=0&page={page}"
    return generic_url(r, what, **kw)


def urls_wire_news(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "politics"), kw.get("page", 1)
    cid = f"c_{r.randint(1126000000, 1130999999)}.htm"
    if what in ("article", "list_alt"):
        return f"/{chan}/{d:%Y-%m}/{d:%d}/{cid}"
    if what == "video":
        return f"/video/{d:%Y-%m}/{d:%d}/{cid}"
    if what == "gallery":
        return f"/photo/{d:%Y-%m}/{d:%d}/{cid}"
    if what == "chan":
        return f"/{chan}/"
    if what == "list":
        return f"/{chan}/index.htm" if page == 1 else f"/{chan}/index_{page}.htm"
    if what == "topic":
        return f"/politics/{2019 + kw.get('n', 1) % 5}zt/zt{kw.get('n', 1)}/index.htm"
    if what == "search":
        return f"/s?wd={quote(kw.get('q', ''))}&pn={(page - 1) * 10}"
    return generic_url(r, what, **kw)


def urls_central_gov(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "xinwen"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        if chan.startswith("zhengce"):
            return f"/zhengce/content/{d:%Y-%m}/{d:%d}/content_{digits(r, 7)}.htm"
        return f"/{chan.split('/')[0]}/{d:%Y-%m}/{d:%d}/content_{digits(r, 7)}.htm"
    if what == "chan":
        return f"/{chan}/"
    if what == "list":
        return f"/{chan}/index.htm" if page == 1 else f"/{chan}/home_{page - 1}.htm"
    if what == "search":
        return f"/sousuo/s.htm?t=govall&q={quote(kw.get('q', ''))}&p={page}"
    if what == "topic":
        return f"/zhuanti/zt{kw.get('n', 1)}/index.htm"
    if what == "sitemap":
        return "/zhuzhan/wzdt/"
    if what == "contact":
        return "/zhuzhan/lxwm/"
    return generic_url(r, what, **kw)


def urls_trs_prov(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "zwdt/jbyw"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/{chan}/{d:%Y%m}/t{d:%Y%m%d}_{digits(r, 7)}.html"
    if what == "chan":
        return f"/{chan}/"
    if what == "list":
        return f"/{chan}/index.html" if page == 1 else f"/{chan}/index_{page - 1}.html"
    if what == "search":
        return f"/was5/web/search?searchword={quote(kw.get('q', ''))}&channelid={r.choice((200411, 256361))}&page={page}"
    if what == "topic":
        return f"/ztzl/zt{kw.get('n', 1)}/"
    if what == "sitemap":
        return "/wzdt/"
    if what == "downloads":
        return "/bsfw/bgxz/" if page == 1 else f"/bsfw/bgxz/index_{page - 1}.html"
    if what == "leader":
        return f"/zwgk/ldzc/ld{kw.get('n', 1)}/"
    return generic_url(r, what, **kw)


def urls_jcms(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "1229019365"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/art/{d.year}/{d.month}/{d.day}/art_{chan[:7]}_{digits(r, 8)}.html"
    if what in ("list", "chan"):
        return f"/col/col{chan}/index.html" if page == 1 else f"/col/col{chan}/index.html?uid={4000000 + int(chan) % 999983}&pageNum={page}"
    if what in ("topic", "leader", "downloads"):
        return f"/col/col{1229100000 + {'topic': 0, 'leader': 5000, 'downloads': 9000}[what] + kw.get('n', kw.get('page', 1))}/index.html"
    if what == "search":
        return (f"/jsearch/search.do?appid=1&ck=x&imageField=&od=0&pos=title%2Ccontent&q={quote(kw.get('q', ''))}"
                f"&style=1&webid=1&p={page}")
    if what == "sitemap":
        return "/col/col1229000001/index.html"
    return generic_url(r, what, **kw)


def urls_city_html5(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "xwzx/nlyw"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/{chan}/{d:%Y%m}/t{d:%Y%m%d}_{digits(r, 7)}.html"
    if what == "article_alt":
        return f"/xxgk/index.html?id={r.randint(100, 99999)}"
    if what == "chan":
        return f"/{chan}/index.html"
    if what == "list":
        return f"/{chan}/index.html" if page == 1 else f"/{chan}/index_{page}.html"
    if what == "search":
        return f"/search/?searchWord={quote(kw.get('q', ''))}&page={page}&siteCode=NL0001"
    if what == "topic":
        return f"/ztzl/zt{kw.get('n', 1)}/index.html"
    return generic_url(r, what, **kw)


def urls_phpcms(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "12"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return r.choice((f"/news/show-{r.randint(100, 9999)}.html", f"/zwgk/zcwj/{d:%Y}/{d:%m%d}/{r.randint(10, 999)}.html"))
    if what in ("article_alt", "leader"):
        return f"/index.php?m=content&c=index&a=show&catid={chan if what == 'article_alt' else 8}&id={r.randint(10, 9999)}"
    if what in ("list", "chan"):
        return f"/index.php?m=content&c=index&a=lists&catid={chan}" if page == 1 else f"/list-{chan}-{page}.html"
    if what == "search":
        return f"/index.php?m=search&c=index&a=init&typeid=1&siteid=1&q={quote(kw.get('q', ''))}" + (f"&page={page}" if page > 1 else "")
    if what == "login":
        return "/index.php?m=member&c=index&a=login"
    if what == "register":
        return "/index.php?m=member&c=index&a=register"
    if what == "topic":
        return f"/index.php?m=special&c=index&a=show&specialid={kw.get('n', 1)}"
    return generic_url(r, what, **kw)


def urls_old_asp(r, what, **kw):
    chan, page = kw.get("chan", "3"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/ShowArticle.asp?ArticleID={r.randint(100, 9999)}"
    if what == "article_alt":
        return f"/show.asp?id={r.randint(10, 999)}"
    if what in ("list", "chan"):
        return f"/ShowClass.asp?ClassID={chan}" + (f"&page={page}" if page > 1 else "")
    if what == "search":
        kw_gbk = quote(kw.get("q", "").encode("gbk", "replace"))
        return f"/Search.asp?ModuleName=Article&Field=Title&Keyword={kw_gbk}" + (f"&page={page}" if page > 1 else "")
    if what == "login":
        return "/User/User_Login.asp"
    if what == "register":
        return "/User/User_Reg.asp"
    if what == "downloads":
        return f"/Soft/ShowClass.asp?ClassID={14 + page}"
    if what == "topic":
        return f"/ShowSpecial.asp?SpecialID={kw.get('n', 1)}"
    return generic_url(r, what, **kw).replace(".html", ".asp")


def urls_party_portal(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "djyw"), kw.get("page", 1)
    ts = int(d.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000)
    if what in ("article", "gallery"):
        return f"/{d:%Y/%m/%d}/ARTI{ts}{digits(r, 6)}.shtml"
    if what == "video":
        return f"/{d:%Y/%m/%d}/VIDE{ts}{digits(r, 6)}.shtml"
    if what in ("list", "chan"):
        return f"/{chan}/index.shtml" if page == 1 else f"/{chan}/index_{page}.shtml"
    if what == "topic":
        return f"/special/zt{kw.get('n', 1):02d}/"
    if what == "search":
        return f"/search/?qtext={quote(kw.get('q', ''))}&page={page}"
    return generic_url(r, what, **kw)


def urls_theory(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "qs"), kw.get("page", 1)
    cid = f"c_{r.randint(1126000000, 1130999999)}.htm"
    if what in ("article", "toc"):
        if chan == "qs" or what == "toc":
            return f"/dukan/qs/{d:%Y-%m}/{1 if d.day < 16 else 16:02d}/{cid}"
        return f"/{chan}/{d:%Y-%m}/{d:%d}/{cid}"
    if what in ("list", "chan"):
        base = "/dukan/qs/" if chan == "qs" else f"/{chan}/"
        return base if page == 1 else f"{base}index_{page}.htm"
    if what == "search":
        return f"/search/?kw={quote(kw.get('q', ''))}&page={page}"
    return generic_url(r, what, **kw)


def urls_farm(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "zw"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/p/{digits(r, 6)}.html"
    if what == "article_alt":
        return f"/a/{d:%Y%m%d}/{r.randint(1, 999)}.html"
    if what == "list_alt":
        return f"/a/{d:%Y%m%d}/index.html"
    if what in ("list", "chan"):
        return f"/list/{chan}.html" if page == 1 else f"/list/{chan}_{page}.html"
    return generic_url(r, what, **kw)


MIRRORED = ("www.jiangbei.gov.cn", "www.nanling.gov.cn", "www.qingxi.gov.cn", "fgw.jiangbei.gov.cn")


def urls_mirror(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "xxgk/tzgg"), kw.get("page", 1)
    host = r.choice(MIRRORED)
    if what in ("article", "gallery", "video"):
        return f"/{host}/{chan}/{d:%Y%m}/t{d:%Y%m%d}_{digits(r, 7)}.html"
    if what in ("list", "chan"):
        return f"/{MIRRORED[0]}/{chan}/index.html" if page == 1 else f"/{MIRRORED[0]}/{chan}/index_{page - 1}.html"
    if what == "dirlist":
        return f"/{host}/{r.choice(('xxgk/tzgg', 'xxgk/zcwj', 'zwdt/bmdt', 'xwzx/tpxw', 'zwgk/ghjh'))}/"
    return generic_url(r, what, **kw)


def urls_discuz(r, what, **kw):
    chan, page = kw.get("chan", "1"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/article-{r.randint(10, 9999)}-1.html"
    if what == "article_alt":
        return f"/portal.php?mod=view&aid={r.randint(10, 9999)}"
    if what in ("list", "chan"):
        return f"/portal.php?mod=list&catid={chan}" + (f"&page={page}" if page > 1 else "")
    if what == "forum_list":
        return f"/forum-{kw.get('n', 2)}-{page}.html"
    if what == "thread":
        return f"/thread-{r.randint(10000, 99999)}-1-1.html"
    if what == "search":
        return (f"/search.php?mod=portal&searchid={r.randint(10, 999)}&orderby=lastpost&ascdesc=desc&searchsubmit=yes"
                f"&kw={quote(kw.get('q', ''))}" + (f"&page={page}" if page > 1 else ""))
    if what == "login":
        return "/member.php?mod=logging&action=login"
    if what == "register":
        return "/member.php?mod=register"
    if what == "tag":
        return f"/misc.php?mod=tag&id={h32(kw.get('tag', '')) % 900 + 10}" + (f"&page={page}" if page > 1 else "")
    if what == "home":
        return "/portal.php"
    if what == "topic":
        return f"/portal.php?mod=topic&topicid={kw.get('n', 1)}"
    return generic_url(r, what, **kw)


BLOG_WORDS = ("notes", "study", "village", "meeting", "field", "visit", "river", "county", "reading", "summer", "spring",
              "work", "thoughts", "report", "people", "road", "town", "school", "clinic", "harvest", "party", "learning")


def urls_blog(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "suibi"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/blog/{d:%Y/%m/%d}/{'-'.join(r.sample(BLOG_WORDS, r.randint(2, 4)))}.html"
    if what in ("list", "chan"):
        return f"/category/{chan}/" + (f"page/{page}/" if page > 1 else "")
    if what == "list_alt":  # the front page's later pages
        return f"/page/{max(2, page)}/"
    if what == "archive":
        return f"/blog/{d:%Y/%m}/"
    if what == "tag":
        return f"/tag/{quote(kw.get('tag', ''))}/" + (f"page/{page}/" if page > 1 else "")
    if what == "search":
        return (f"/page/{page}/" if page > 1 else "/") + f"?s={quote(kw.get('q', ''))}"
    if what == "contact":
        return "/contact/"
    if what == "login":
        return "/wp-login.php"
    return generic_url(r, what, **kw)


def urls_city_daily(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "nlxw"), kw.get("page", 1)
    if what in ("article", "gallery"):
        return f"/system/{d:%Y/%m/%d}/0{digits(r, 8)}.shtml"
    if what == "video":
        return f"/video/system/{d:%Y/%m/%d}/0{digits(r, 8)}.shtml"
    if what in ("list", "chan"):
        return f"/{chan}/index.shtml" if page == 1 else f"/{chan}/index_{page}.shtml"
    if what == "archive":
        return f"/{d:%Y}/{d:%m%d}/index.html"
    if what == "epaper":
        return f"/epaper/nlrb/html/{d:%Y-%m/%d}/node_{kw.get('n', 1) + 1}.htm"
    if what == "epaper_art":
        return f"/epaper/nlrb/html/{d:%Y-%m/%d}/content_{digits(r, 6)}.htm"
    if what == "search":
        return f"/search/?keyword={quote(kw.get('q', ''))}&page={page}"
    return generic_url(r, what, **kw)


VSB_COLS = {"1012": "xwzx/xxyw", "1013": "xwzx/zhxw", "1014": "xwzx/yxdt", "1015": "xwzx/mtjj", "1016": "xwzx/tpxw",
            "1017": "xwzx/xsjz", "1018": "xwzx/rwfc", "1019": "xwzx/ztbd", "1020": "xwzx/spxw", "1021": "xwzx/xyxw"}


def urls_vsb(r, what, **kw):
    chan, page = kw.get("chan", "1012"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/info/{chan if chan.isdigit() else 1012}/{r.randint(1000, 99999)}.htm"
    if what in ("list", "chan"):
        col = VSB_COLS.get(chan, f"list/{chan}")
        # VSB numbers the later pages downwards from the oldest
        return f"/{col}.htm" if page == 1 else f"/{col}/{max(1, 60 - page + 1)}.htm"
    if what == "search":
        return f"/ssjg.jsp?wbtreeid=1001&searchScope=0&currentnum={page}&newskeycode2={quote(kw.get('q', '').encode('utf-8').hex())}"
    if what == "downloads":
        return "/xzzx.htm" if page == 1 else f"/xzzx/{page}.htm"
    if what == "leader":
        return f"/xxgk/xrld/{kw.get('n', 1)}.htm"
    if what == "contact":
        return "/lxwm.htm"
    if what == "topic":
        return f"/ztzl/zt{kw.get('n', 1)}.htm"
    return generic_url(r, what, **kw).replace(".html", ".htm")


def urls_bootstrap_dept(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "xwdt/gzdt"), kw.get("page", 1)
    if what in ("article", "gallery", "video"):
        return f"/{chan}/{d:%Y%m}/{r.getrandbits(128):032x}.shtml"
    if what == "article_alt":
        return f"/detail?id={r.randint(10000, 999999)}"
    if what in ("list", "chan"):
        return f"/{chan}/index.shtml" if page == 1 else f"/{chan}/index_{page}.shtml"
    if what == "list_alt":
        return f"/special/{2019 + r.randint(0, 5)}/content_list.html"
    if what == "search":
        return f"/search?keyword={quote(kw.get('q', ''))}&page={page}"
    if what == "topic":
        return f"/special/zt{kw.get('n', 1)}/index.shtml"
    if what == "downloads":
        return "/bsfw/bgxz/index.shtml"
    if what == "contact":
        return "/lxwm/index.shtml"
    if what == "login":
        return "/user/login"
    return generic_url(r, what, **kw)


def urls_sobey(r, what, **kw):
    d, chan, page = _d(kw), kw.get("chan", "12/45"), kw.get("page", 1)
    a1, _, b1 = chan.partition("/")
    folder = f"/folder{a1}/folder{b1 or a1}"
    if what in ("article", "gallery", "video"):
        tail = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789") for _ in range(16))
        return f"{folder}/{d:%Y-%m-%d}/{tail}.html"
    if what in ("list", "chan"):
        return f"{folder}/index.html" if page == 1 else f"{folder}/index_{page - 1}.html"
    if what == "list_alt":
        return f"/{d:%Y}/{d:%m%d}/index.html"
    if what == "search":
        return f"/search.html?keyword={quote(kw.get('q', ''))}&page={page}"
    if what == "topic":
        return f"/folder9/folder{90 + kw.get('n', 1)}/index.html"
    return generic_url(r, what, **kw)


# ---------------------------------------------------------------------------------------------
# The sites
# ---------------------------------------------------------------------------------------------

GOV_SITES = {"central-gov", "prov-gov-jb", "prov-gov-dc", "city-gov-nl", "county-gov-qx", "county-gov-tc", "dept-eco"}
PREVNEXT = '<div class="prevnext"><p>上一篇：{prev}</p><p>下一篇：{next}</p></div>'
GOV_FILL = ("news", "news", "news", "news", "notice", "notice_short", "policy", "table", "interview", "speech", "photo")
NEWS_FILL = ("news", "news", "news", "news", "commentary", "interview", "photo", "related", "notice")

SITES: tuple[Site, ...] = (
    Site("party-daily", "www.hxrb.com.cn.test", "华夏日报网", Locale("江北省", "南岭市", "青溪县", "central"),
         chrome_party_daily, urls_party_daily,
         (("时政", "1024"), ("国际", "1002"), ("财经", "1004"), ("观点", "1003"), ("社会", "1008"), ("理论", "40531"),
          ("党建", "117092"), ("地方", "32306"), ("教育", "1006"), ("文化", "1013"), ("法治", "42510"), ("科技", "1057"),
          ("健康", "14739"), ("生态", "1034"), ("图片", "1016"), ("视频", "1017")),
         Style(para="pi", date_fmt="[%Y-%m-%d]", title_sep="--",
               art=('<div class="layout rm_txt cf"><div class="col col-1 fl"><h1>{title}</h1>{subtitle}<div class="col-1-1 fl">{info}</div>'
                    '<div class="rm_txt_con cf">{body}<div class="edit cf">(责编：{editor})</div></div>{tail}</div></div>'),
               info='{date_cn}{time} | 来源：<a href="/" target="_blank">{source}</a>',
               tail='<div class="share_box"><span>分享到：</span><a class="wx" href="javascript:;">微信</a><a class="wb" href="javascript:;">微博</a></div>',
               list="ul-em", list_frame='<div class="ej_list_box clear"><h2 class="ej_title">{title}</h2>{items}{pager}</div>', pager="people",
               img="/NMediaFile/{y}/{md}/MAIN{stamp}.jpg", attach="/mediafile/{y}/{md}/{stamp}{ext}"),
         ("related", "commentary", "interview", "news"), NEWS_FILL, (15, 20),
         ("home_lead", "list", "list_p", "teasers", "topic", "archive", "search"), ("404", "gallery", "video"),
         ("party", "econ", "livelihood", "eco", "law", "culture"), "华夏日报社", "华夏网络传媒有限公司", abbr="京", source="华夏日报",
         genres=("news", "news", "news", "news", "commentary", "interview", "photo")),

    Site("wire-news", "www.hxtx.cn.test", "华讯网", Locale("江北省", "南岭市", "青溪县", "central"),
         chrome_wire_news, urls_wire_news,
         (("时政", "politics"), ("地方", "local"), ("国际", "world"), ("财经", "fortune"), ("法治", "legal"), ("科技", "tech"),
          ("文化", "culture"), ("健康", "health"), ("教育", "edu"), ("评论", "comments"), ("能源", "energy"), ("汽车", "auto"),
          ("图片", "photo"), ("视频", "video")),
         Style(para="p", date_fmt="%Y-%m-%d %H:%M:%S", title_sep="-",
               art=('<div class="header-cont clearfix"><div class="header-time left"><span class="year"><em> {y}</em></span>'
                    '<span class="day"><em> {md}</em></span><span class="time"> {time_s}</span></div><div class="source">来源：{source}</div>'
                    '<div class="head-line clearfix"><h1><span class="title">{title}</span></h1></div></div>{subtitle}'
                    '<div class="main clearfix"><div id="detail"><div id="detailContent">{body}</div>'
                    '<div id="articleEdit"><span class="editor">【责任编辑:{editor}】</span></div></div></div>{tail}'),
               tail='<div class="share-box"><a class="wx">微信</a><a class="wb">微博</a><a class="copy">复制链接</a></div>',
               list="li-h3", list_frame='<div class="column-center-list"><h2 class="list-tit">{title}</h2>{items}{pager}</div>', pager="more",
               img="/{ym}/{stamp}_{stamp}.jpg"),
         ("related", "paged", "paged2", "commentary"), NEWS_FILL, (15, 20),
         ("home_lead", "list", "list_p", "teasers", "teasers", "list@alt", "topic", "search"), ("404", "video", "gallery"),
         ("econ", "eco", "agri", "digital", "law", "health"), "华讯通讯社", "华讯网络科技有限公司", abbr="京", source="华讯社",
         genres=("news", "news", "news", "news", "commentary", "interview", "photo")),

    Site("central-gov", "www.zgzw.gov.cn.test", "中国政务网", Locale("江北省", "南岭市", "青溪县", "central"),
         chrome_central_gov, urls_central_gov,
         (("要闻", "xinwen/yaowen"), ("最新政策", "zhengce/zuixin"), ("政策解读", "zhengce/jiedu"), ("国务院", "guowuyuan"),
          ("总理", "premier"), ("新闻", "xinwen"), ("政策", "zhengce"), ("互动", "hudong"), ("服务", "fuwu"),
          ("数据", "shuju"), ("国情", "guoqing"), ("部门新闻", "xinwen/bumen"), ("地方报道", "xinwen/difang")),
         Style(para="p",
               art=('<div class="article oneColumn pub_border"><h1>{title}</h1>{subtitle}<div class="pages-date">{date} {time}'
                    '<span class="font">来源：{source}</span><span class="font index_switchsize">【字体：<span>大</span> <span>中</span> <span>小</span>】</span></div>'
                    '{meta}<div class="pages_content" id="UCAP-CONTENT">{body}</div><div class="editor">【我要纠错】 责任编辑：{editor}</div>{tail}</div>'),
               meta=('<table class="bd1" width="100%" cellspacing="1" cellpadding="0"><tr><td width="90"><b>索 引 号：</b></td><td>{index_no}</td>'
                     '<td width="90"><b>主题分类：</b></td><td>{topic_name}</td></tr><tr><td><b>发文机关：</b></td><td>{org}</td><td><b>成文日期：</b></td>'
                     '<td>{date_cn}</td></tr><tr><td><b>标　　题：</b></td><td colspan="3">{title}</td></tr><tr><td><b>发文字号：</b></td>'
                     '<td>{doc_no}</td><td><b>发布日期：</b></td><td>{date_cn}</td></tr></table>'),
               tail='<div class="share"><a>微信</a><a>微博</a></div>',
               list="ul-span", list_frame='<div class="list list_1 list_2"><div class="news_box"><h2 class="lm_tit">{title}</h2>{items}</div>{pager}</div>',
               img="/xinwen/{y}-{md}/images/{stamp}.jpg", attach="/zhengce/{y}-{md}/files/{stamp}{ext}"),
         ("notice_short", "policy", "interview", "table"), GOV_FILL, (14, 19),
         ("home", "list", "list_p", "topic", "search", "sitemap"), ("404", "video"),
         ("econ", "agri", "eco", "edu", "health", "livelihood", "digital"), "国家政务信息中心", "中国政务网运行中心", abbr="京"),

    Site("prov-gov-jb", "www.jiangbei.gov.cn.test", "江北省人民政府", Locale("江北省", "南岭市", "青溪县", "prov"),
         chrome_trs_table, urls_trs_prov,
         (("江北要闻", "zwdt/jbyw"), ("通知公告", "xxgk/tzgg"), ("政府文件", "xxgk/zcwj/szfwj"), ("部门动态", "zwdt/bmdt"),
          ("市县动态", "zwdt/sxdt"), ("政策解读", "xxgk/zcjd"), ("人事信息", "xxgk/rsxx"), ("信息公开", "xxgk"), ("政务服务", "zwfw"),
          ("互动交流", "hdjl"), ("走进江北", "zjjb"), ("专题专栏", "ztzl")),
         Style(para="pw", title_sep="_",
               art=('<table width="100%" border="0" cellspacing="0" cellpadding="0" class="art_tb"><tr><td align="center" class="art_title" height="60">'
                    '<font size="5" color="#003366"><b>{title}</b></font></td></tr><tr><td align="center" class="art_info" height="30" bgcolor="#f2f2f2">'
                    '{info}</td></tr><tr><td>{meta}</td></tr><tr><td class="art_con" style="padding:20px"><div class="TRS_Editor">{body}</div></td></tr>'
                    '<tr><td>{tail}</td></tr></table>'),
               info='发布时间：{date} {time}　　来源：{source}　　【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】',
               meta=('<table class="xxgk_tb" width="100%" border="1" cellspacing="0" cellpadding="4"><tr><td width="15%">索引号：</td><td>{index_no}</td>'
                     '<td width="15%">发布机构：</td><td>{org}</td></tr><tr><td>文号：</td><td>{doc_no}</td><td>发布日期：</td><td>{date}</td></tr></table>'),
               tail=('<div class="prev_next">上一篇：{prev}<br />下一篇：{next}</div><div class="art_tools" align="right">'
                     '<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>'),
               list="table", list_frame=('<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="list_tit">{title}</td></tr>'
                                         '<tr><td>{items}</td></tr><tr><td align="center">{pager}</td></tr></table>'),
               pager="trs", img="./W0{stamp}.jpg", attach="./P0{stamp}{ext}"),
         ("notice_short", "table", "policy", "notice"), GOV_FILL, (15, 20),
         ("home", "list", "list_p", "list_p", "teasers", "topic", "search", "sitemap"), ("404", "downloads", "leader"),
         ("econ", "agri", "eco", "safety", "livelihood", "digital"), "江北省人民政府办公厅", "江北省大数据发展管理局", abbr="江"),

    Site("prov-gov-dc", "www.dongchuan.gov.cn.test", "东川省人民政府", Locale("东川省", "临江市", "桐川县", "prov"),
         chrome_jcms, urls_jcms,
         (("今日东川", "1229019365"), ("通知公告", "1229019366"), ("省政府文件", "1229019370"), ("政策解读", "1229019371"),
          ("部门动态", "1229019367"), ("市县动态", "1229019368"), ("人事任免", "1229019372"), ("政府信息公开", "1229019380"),
          ("政务服务", "1229019390"), ("政民互动", "1229019395"), ("数据开放", "1229019398")),
         Style(para="pi",
               art=('<div class="article"><div class="art-title"><h2>{title}</h2></div>{subtitle}<table class="art-info" width="100%"><tr>'
                    '<td>信息来源：{source}</td><td>发布日期：{date}</td><td>浏览次数：<span id="c">{hits}</span></td><td>字号：[ <a href="javascript:doZoom(20)">大</a> '
                    '<a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a> ]</td></tr></table>{meta}<div id="zoom">{body}</div>{tail}</div>'),
               meta=('<table class="xxgk-tb" border="1" cellspacing="0" width="100%"><tr><th>索引号</th><td>{index_no}</td><th>文号</th><td>{doc_no}</td></tr>'
                     '<tr><th>发布机构</th><td>{org}</td><th>生成日期</th><td>{date}</td></tr></table>'),
               tail='<div class="art-foot"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>',
               list="jcms", list_frame='<div class="lm-box"><div class="lm-hd"><span>{title}</span></div><div class="lm-bd">{items}</div>{pager}</div>',
               pager="jcms", img="/picture/0/{stamp}.jpg", attach="/module/download/downfile.jsp?classid=0&filename={stamp}{ext}"),
         ("notice_short", "table", "notice", "speech"), GOV_FILL, (14, 19),
         ("home", "list", "list", "list_p", "teasers", "search", "topic"), ("404", "leader", "downloads", "contact"),
         ("econ", "digital", "eco", "agri", "culture"), "东川省人民政府办公厅", "东川省大数据发展管理局", abbr="东"),

    Site("city-gov-nl", "www.nanling.gov.cn.test", "南岭市人民政府", Locale("江北省", "南岭市", "青溪县", "city"),
         chrome_html5_gov, urls_city_html5,
         (("南岭要闻", "xwzx/nlyw"), ("部门动态", "xwzx/bmdt"), ("区县动态", "xwzx/qxdt"), ("通知公告", "xwzx/tzgg"),
          ("市政府文件", "zwgk/zcwj/szfwj"), ("政策解读", "zwgk/zcjd"), ("政府信息公开", "zwgk"), ("政务服务", "zwfw"),
          ("政民互动", "zmhd"), ("走进南岭", "zjnl"), ("数据发布", "zwgk/sjfb"), ("专题专栏", "ztzl")),
         Style(para="p",
               art=('<article class="detail"><header class="detail-head"><h1 class="detail-title">{title}</h1>{subtitle}<div class="detail-meta">{info}</div></header>'
                    '{meta}<div class="detail-body" id="zoom">{body}</div><footer class="detail-foot">{tail}</footer></article>'),
               info=('<span>发布时间：<time datetime="{date}T{time}">{date} {time}</time></span><span>来源：{source}</span>'
                     '<span>浏览量：<em id="hits">{hits}</em></span><span class="fontsize">字体：<a>大</a><a>中</a><a>小</a></span>'),
               meta=('<dl class="govinfo"><dt>索引号：</dt><dd>{index_no}</dd><dt>发布机构：</dt><dd>{org}</dd><dt>文号：</dt><dd>{doc_no}</dd>'
                     '<dt>成文日期：</dt><dd>{date}</dd></dl>'),
               tail='<nav class="prevnext"><p>上一篇：{prev}</p><p>下一篇：{next}</p></nav><div class="tools"><a href="javascript:window.print()">打印</a><a href="javascript:window.close()">关闭</a></div>',
               list="div-item", list_frame='<section class="list-wrap"><h2 class="list-title">{title}</h2><div class="list-body">{items}</div>{pager}</section>',
               img="/{ym}/W0{stamp}.jpg", attach="/{ym}/P0{stamp}{ext}"),
         ("news@alt", "notice_short@alt", "table", "related"), GOV_FILL, (15, 20),
         ("home_lead", "list", "list_p", "teasers", "topic", "search", "sitemap"), ("404", "login", "contact"),
         ("city", "livelihood", "econ", "edu", "health", "culture"), "南岭市人民政府办公室", "南岭市大数据中心", abbr="江"),

    Site("county-gov-qx", "www.qingxi.gov.cn.test", "青溪县人民政府", Locale("江北省", "南岭市", "青溪县", "county"),
         chrome_phpcms, urls_phpcms,
         (("青溪要闻", "12"), ("乡镇动态", "13"), ("部门动态", "14"), ("通知公告", "15"), ("政策文件", "16"), ("政策解读", "17"),
          ("政府信息公开", "20"), ("办事服务", "30"), ("互动交流", "40"), ("走进青溪", "50"), ("图片青溪", "18")),
         Style(para="pw",
               art=('<div class="nr_box"><div class="bt_a">{title}</div>{subtitle}<div class="xx_a">{info}</div><div class="nr_a" id="content">{body}</div>{tail}</div>'),
               info=('来源：{source}　作者：{author}　发布时间：{date} {time_s}　点击数：<script language="JavaScript" '
                     'src="/api.php?op=count&amp;id={id}&amp;modelid=1"></script>'),
               tail=('<div class="fx"><div class="bdsharebuttonbox">分享到：<a class="bds_weixin" data-cmd="weixin"></a><a class="bds_tsina" data-cmd="tsina"></a></div></div>'
                     '<div class="sxp"><p>上一篇：{prev}</p><p>下一篇：{next}</p></div>'),
               list="ul-span", list_frame='<div class="lb_box"><div class="lb_t"><span>{title}</span></div><div class="lb_c">{items}</div>{pager}</div>',
               pager="phpcms"),
         ("notice_short", "news@alt", "photo", "news"), GOV_FILL, (14, 19),
         ("home_lead", "list", "list_p", "list_p", "search", "topic"), ("404", "login", "leader"),
         ("agri", "livelihood", "safety", "edu", "culture"), "青溪县人民政府办公室", "青溪县融媒体中心", abbr="江"),

    Site("county-gov-tc", "www.tongchuan.gov.cn.test", "桐川县人民政府", Locale("东川省", "临江市", "桐川县", "county"),
         chrome_old_asp, urls_old_asp,
         (("桐川要闻", "3"), ("通知公告", "4"), ("政务公开", "5"), ("乡镇动态", "6"), ("部门动态", "7"), ("招商引资", "8"),
          ("政策法规", "9"), ("走进桐川", "10"), ("旅游桐川", "11"), ("办事指南", "12")),
         Style(para="br", date_fmt="%Y-%-m-%-d",
               art=('<TABLE cellSpacing=0 cellPadding=0 width="100%" border=0><TR><TD align=center height=50><FONT style="FONT-SIZE:16pt" color=#c00000>'
                    '<B>{title}</B></FONT></TD></TR><TR><TD align=center height=26 bgColor=#f0f0f0><FONT color=#666666>{info}</FONT></TD></TR>'
                    '<TR><TD style="PADDING:15px;LINE-HEIGHT:200%;FONT-SIZE:14px">{body}</TD></TR><TR><TD>{tail}</TD></TR></TABLE>'),
               info=('作者：{author}　来源：{source}　更新时间：{date_s} {time_s}　点击数：<SCRIPT language=javascript src="GetHits.asp?ArticleID={id}"></SCRIPT>'),
               tail=('<TABLE width="100%"><TR><TD>上一篇文章：{prev}<BR>下一篇文章：{next}</TD><TD align=right>【<A href="javascript:window.print()">打印此文</A>】'
                     '【<A href="javascript:window.close();">关闭窗口</A>】</TD></TR></TABLE>'),
               list="font", list_frame=('<TABLE cellSpacing=0 cellPadding=0 width="100%" border=0><TR><TD height=30 background="Skin/Default/title_bg.gif">'
                                        '&nbsp;<B>{title}</B></TD></TR><TR><TD>{items}</TD></TR><TR><TD>{pager}</TD></TR></TABLE>'),
               pager="asp", title_sep="-", img="/UploadFiles/{y}{md}/{stamp}.jpg", attach="/UploadFiles/{y}{md}/{stamp}{ext}"),
         ("notice_short", "table", "news@alt", "paged", "notice@alt"), GOV_FILL, (13, 18),
         ("home", "list", "list_p", "list_p", "search", "topic"), ("404bare", "login", "register", "downloads"),
         ("agri", "econ", "culture", "safety"), "桐川县人民政府办公室", "桐川县信息中心", abbr="东", charset="gb2312"),

    Site("party-portal", "www.xfdj.cn.test", "先锋党建网", Locale("江北省", "南岭市", "青溪县", "central"),
         chrome_party_portal, urls_party_portal,
         (("党建要闻", "djyw"), ("学习资料", "xxzl"), ("党员教育", "dyjy"), ("基层党建", "jcdj"), ("党史", "ds"), ("理论", "ll"),
          ("先锋人物", "xfrw"), ("党建知识", "djzs"), ("远程教育", "ycjy"), ("视频", "sp"), ("专题", "special")),
         Style(para="p",
               art=('<div class="big_title"><h1 class="big_title">{title}</h1>{subtitle}<i class="time">{date_cn} {time}</i><i class="source">来源：{source}</i></div>'
                    '<div class="word" id="font_area"><div class="text">{body}</div></div><div class="editor">责任编辑：{editor}</div>{tail}'),
               tail='<div class="share_bar"><span>分享到：</span><a class="wx"></a><a class="wb"></a><a class="qq"></a></div>' + PREVNEXT,
               list="dl", list_frame='<div class="dyw_list"><div class="list_hd"><h2>{title}</h2></div><div class="list_bd">{items}</div>{pager}</div>',
               img="//p1.img.xfdj.cn.test/photoworkspace/contentimg/{y}/{md}/{stamp}.jpg"),
         ("commentary", "commentary", "paged", "speech"), ("news", "news", "commentary", "commentary", "interview", "speech", "photo"), (14, 19),
         ("home", "list", "list_p", "teasers", "topic", "topic", "search"), ("404", "video", "video"),
         ("party",), "中共江北省委组织部", "先锋党建网运行中心", abbr="京",
         genres=("news", "news", "commentary", "commentary", "interview", "speech")),

    Site("theory-journal", "www.lilunxuekan.cn.test", "理论学刊网", Locale("江北省", "南岭市", "青溪县", "central"),
         chrome_theory, urls_theory,
         (("读刊", "qs"), ("来稿", "laigao"), ("网评", "wp"), ("理论要闻", "llyw"), ("原创", "yc"), ("学习", "xx"), ("党建", "dj"),
          ("经济", "jj"), ("文化", "wh"), ("社会", "sh"), ("生态", "st")),
         Style(para="p",
               art=('<div class="headtitle"><h1>{title}</h1></div>{subtitle}<div class="appellation">{info}</div>'
                    '<div class="highlight">{body}</div><div class="fs-text">责任编辑：{editor}</div>{tail}'),
               info="来源：{source}　作者：{author}　{date} {time_s}",
               tail='<div class="fontsize">字号：<a>大</a> <a>中</a> <a>小</a> <a href="javascript:window.print()">打印</a></div>',
               list="div-item", list_frame='<div class="list-box"><h2>{title}</h2>{items}{pager}</div>'),
         ("commentary", "commentary", "commentary", "paged", "paged2", "speech"), ("commentary", "commentary", "news", "interview"), (13, 18),
         ("home", "list", "list_p", "toc", "toc", "search", "topic"), ("404", "contact"),
         ("party", "econ", "culture", "law", "eco"), "理论学刊杂志社", "理论学刊网编辑部", abbr="京", source="《理论学刊》",
         genres=("commentary", "commentary", "commentary", "news", "interview", "speech")),

    Site("wx-farm", "www.zwweidu.com.test", "政务微读", Locale("江北省", "南岭市", "青溪县", "city"),
         chrome_wx_farm, urls_farm,
         (("政务资讯", "zw"), ("时政", "sz"), ("三农", "sn"), ("教育", "jy"), ("健康", "jk"), ("法治", "fz"), ("党建", "dj"),
          ("财经", "cj"), ("文旅", "wl"), ("社会", "sh"), ("本地", "bd"), ("热点", "rd")),
         Style(para="wx", title_sep=" - ",
               art=('<div class="kx-art"><h1 class="kx-title">{title}</h1><div class="kx-meta"><span class="kx-src">来源：微信公众号 {source}</span>'
                    '<span class="kx-time">{date} {time}</span><span class="kx-read">阅读：{hits}</span></div><div class="rich_media_content" id="js_content">{body}</div>'
                    '<div class="kx-sm">声明：本文内容来源于网络及微信公众号“{source}”，版权归原作者所有，如有侵权请联系删除。</div>{tail}</div>'),
               tail='<div class="kx-pn"><span>上一篇：{prev}</span><span>下一篇：{next}</span></div>',
               list="li-h3", list_frame='<div class="kx-list"><h2>{title}</h2>{items}{pager}</div>',
               img="https://mmbiz.qpic.test/mmbiz_jpg/{stamp}/640?wx_fmt=jpeg"),
         ("related", "related", "wx@alt", "wx"), ("wx", "wx", "wx", "related"), (14, 20),
         ("home", "list", "list_p", "teasers", "tag", "tag", "search", "list@alt"), ("404", "gallery"),
         ("livelihood", "health", "edu", "agri", "law", "culture"), "南岭微读网络科技有限公司", "南岭微读网络科技有限公司", abbr="粤",
         genres=("news", "news", "news", "commentary", "interview", "photo")),

    Site("gov-mirror", "www.zwjx.net.test", "政务网站镜像", Locale("江北省", "南岭市", "青溪县", "prov"),
         chrome_mirror, urls_mirror,
         (("通知公告", "xxgk/tzgg"), ("政策文件", "xxgk/zcwj"), ("工作动态", "zwdt/gzdt"), ("部门动态", "zwdt/bmdt"),
          ("政策解读", "xxgk/zcjd"), ("人事信息", "xxgk/rsxx"), ("规划计划", "zwgk/ghjh"), ("统计数据", "zwgk/tjsj"),
          ("图片新闻", "xwzx/tpxw"), ("公示公告", "xxgk/gsgg")),
         Style(para="p",
               art=('<div class="m-article"><h1>{title}</h1><p class="m-meta">{date} {time} · {source}</p>{meta}<div class="m-body TRS_Editor">{body}</div>'
                    '<p class="m-orig">本页镜像自原网站，内容以原网站为准。</p>{tail}</div>'),
               meta='<table class="m-info"><tr><td>索引号：{index_no}</td><td>文号：{doc_no}</td></tr></table>',
               tail=PREVNEXT, list="ul-span", list_frame='<div class="m-list"><h2>{title}</h2>{items}{pager}</div>', pager="trs",
               img="./W0{stamp}.jpg", attach="./P0{stamp}{ext}"),
         ("notice_short", "table", "news"), GOV_FILL, (13, 18),
         ("home", "list", "list_p", "dirlist", "dirlist", "search"), ("404bare", "502", "502"),
         ("econ", "agri", "livelihood", "safety"), "镜像志愿者小组", "镜像志愿者小组", abbr="沪"),

    Site("forum-qx", "bbs.qingxi.net.test", "青溪论坛", Locale("江北省", "南岭市", "青溪县", "county"),
         chrome_discuz, urls_discuz,
         (("门户", "1"), ("本地新闻", "2"), ("政务公开", "3"), ("民生", "4"), ("教育", "5"), ("房产", "6"), ("美食", "7"),
          ("旅游", "8"), ("招聘", "9"), ("便民", "10")),
         Style(para="p", title_sep=" - ",
               art=('<div class="bm vw"><div class="h hm"><h1 class="ph">{title}</h1><p class="xg1">{date} {time}<span class="pipe">|</span>发布者: '
                    '<a href="home.php?mod=space&amp;uid={id}">{editor}</a><span class="pipe">|</span>查看: <em id="_viewnum">{hits}</em>'
                    '<span class="pipe">|</span>来自: {source}</p></div>{subtitle}<div class="d"><table cellpadding="0" cellspacing="0" class="vwtb">'
                    '<tr><td id="article_content">{body}</td></tr></table></div>{tail}</div>'),
               tail=('<div class="o cl ptm pbm"><a href="home.php?mod=spacecp&amp;ac=favorite&amp;type=article&amp;id={id}" class="oshr ofav">收藏</a>'
                     '<a href="misc.php?mod=invite" class="oshr">邀请</a></div><div class="pren pbm cl"><em>上一篇：{prev}</em><em>下一篇：{next}</em></div>'),
               list="dl", list_frame='<div class="bm"><div class="bm_h cl"><h1 class="xs2">{title}</h1></div><div class="bm_c xld">{items}</div>{pager}</div>',
               pager="discuz", img="data/attachment/portal/{ym}/{stamp}.jpg", attach="forum.php?mod=attachment&aid={stamp}"),
         ("related", "news@alt", "news"), ("news", "news", "news", "related", "photo", "notice"), (13, 18),
         ("forum_home", "forum_list", "forum_list", "home", "list", "search", "tag"), ("thread", "thread", "thread", "login", "message"),
         ("livelihood", "city", "edu", "culture"), "青溪网络信息服务部", "青溪网络信息服务部", abbr="江",
         genres=("news", "news", "news", "photo", "notice")),

    Site("blog-ys", "www.yuanshan-notes.cn.test", "远山笔记", Locale("江北省", "南岭市", "青溪县", "county"),
         chrome_blog, urls_blog,
         (("工作随笔", "suibi"), ("学习心得", "xinde"), ("基层见闻", "jianwen"), ("读书", "dushu"), ("乡土", "xiangtu"),
          ("转载", "zhuanzai"), ("杂记", "zaji"), ("时评", "shiping"), ("资料", "ziliao"), ("相册", "xiangce")),
         Style(para="p", title_sep=" – ",
               art=('<article class="post type-post status-publish format-standard hentry"><header class="entry-header"><div class="entry-meta">'
                    '<span class="posted-on"><span class="screen-reader-text">发布于</span><time class="entry-date published" datetime="{date}T{time_s}+08:00">{date_cn}</time></span>'
                    '<span class="byline"> 作者 <span class="author vcard">{source}</span></span></div><h1 class="entry-title">{title}</h1></header>{subtitle}'
                    '<div class="entry-content">{body}</div><footer class="entry-footer"><span class="cat-tags-links">阅读 {hits}</span></footer></article>{tail}'),
               tail=('<nav class="navigation post-navigation" aria-label="文章"><div class="nav-links"><div class="nav-previous">{prev}</div>'
                     '<div class="nav-next">{next}</div></div></nav>'),
               list="blog", list_frame='<header class="page-header"><h1 class="page-title">{title}</h1></header>{items}{pager}', pager="blog",
               img="/wp-content/uploads/{y}/{md}/{stamp}.jpg", attach="/wp-content/uploads/{y}/{md}/{stamp}{ext}"),
         ("blogpost", "blogpost", "related", "commentary"), ("blogpost", "blogpost", "commentary", "news", "photo"), (13, 18),
         ("bloghome", "list", "list_p", "list@alt", "archive", "tag", "search"), ("404", "contact", "login"),
         ("party", "agri", "culture", "livelihood"), "个人", "个人", abbr="江", source="远山",
         genres=("blog", "blog", "blog", "commentary", "news")),

    Site("city-daily", "www.nlnews.cn.test", "南岭新闻网", Locale("江北省", "南岭市", "青溪县", "city"),
         chrome_city_daily, urls_city_daily,
         (("南岭新闻", "nlxw"), ("区县", "qx"), ("时政", "sz"), ("民生", "ms"), ("经济", "jj"), ("教育", "jy"), ("文旅", "wl"),
          ("评论", "pl"), ("图片", "tp"), ("视频", "sp"), ("专题", "zt"), ("数字报", "epaper")),
         Style(para="pw", date_fmt="%m-%d",
               art=('<div class="artTitle"><h1>{title}</h1>{subtitle}</div><div class="artInfo">{info}</div><div class="artCon" id="artCon">{body}</div>{tail}'),
               info=('<span class="time">{date} {time_s}</span><span class="source">来源：{source}</span><span class="author">作者：{author}</span>'),
               tail='<div class="artEdit">【编辑：{editor}】</div><div class="fenxiang">分享到：<a class="wx">微信</a><a class="wb">微博</a></div>',
               list="ul-span", list_frame='<div class="listBox"><div class="listTit"><h2>{title}</h2></div>{items}{pager}</div>',
               img="/pic/{y}/{md}/{stamp}.jpg"),
         ("related", "related", "paged", "photo", "epaper"), NEWS_FILL, (15, 20),
         ("home_lead", "list", "list_p", "teasers", "archive", "epaper", "epaper", "search"), ("404", "gallery", "video"),
         ("city", "livelihood", "econ", "edu", "culture", "law"), "南岭日报社", "南岭新闻网有限公司", abbr="江", source="南岭日报",
         genres=("news", "news", "news", "news", "commentary", "photo")),

    Site("univ-news", "news.jbnu.edu.cn.test", "江北师范学院新闻网", Locale("江北省", "南岭市", "青溪县", "campus"),
         chrome_vsb, urls_vsb,
         (("学校要闻", "1012"), ("综合新闻", "1013"), ("院系动态", "1014"), ("媒体聚焦", "1015"), ("图片新闻", "1016"),
          ("学术讲座", "1017"), ("人物风采", "1018"), ("专题报道", "1019"), ("视频新闻", "1020"), ("校园文化", "1021")),
         Style(para="pi",
               art=('<form name="_newscontent_fromname"><div class="content-title"><h3>{title}</h3></div>{subtitle}<div class="content-info">{info}</div>'
                    '<div id="vsb_content"><div class="v_news_content">{body}</div></div><div id="div_vote_id"></div>{tail}</form>'),
               info=('<span>发布时间：{date}</span><span>来源：{source}</span><span>作者：{author}</span>'
                     '<span>点击数：<script>_showDynClicks("wbnews", {id}, {hits})</script></span>'),
               tail='<div class="prev-next"><p>上一条：{prev}</p><p>下一条：{next}</p></div>',
               list="ul-span", list_frame='<div class="list_box"><div class="list_tit">{title}</div>{items}{pager}</div>', pager="vsb",
               img="/__local/{stamp}.jpg", attach="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner={stamp}&wbfileid={stamp}"),
         ("notice_short", "table", "news", "photo"), ("news", "news", "news", "commentary", "notice", "photo", "related"), (13, 17),
         ("home", "list", "list_p", "teasers", "search", "topic"), ("404", "downloads", "leader"),
         ("edu", "party", "digital", "culture"), "江北师范学院", "江北师范学院党委宣传部", abbr="江", source="党委宣传部",
         genres=("news", "news", "news", "notice", "table", "photo")),

    Site("dept-eco", "sthjt.jiangbei.gov.cn.test", "江北省生态环境厅", Locale("江北省", "南岭市", "青溪县", "prov"),
         chrome_bootstrap_dept, urls_bootstrap_dept,
         (("工作动态", "xwdt/gzdt"), ("通知公告", "xwdt/tzgg"), ("环境质量", "hjzl"), ("政策法规", "zcfg"), ("政策解读", "zcjd"),
          ("环评审批", "hpsp"), ("执法监督", "zfjd"), ("信息公开", "xxgk"), ("办事服务", "bsfw"), ("互动交流", "hdjl"),
          ("督察整改", "dczg"), ("专题专栏", "ztzl")),
         Style(para="mso",
               art=('<div class="article-box"><h2 class="article-title text-center">{title}</h2>{subtitle}<div class="article-meta text-center">{info}</div>'
                    '{meta}<div class="article-content">{body}</div><div class="article-tools text-right"><a href="javascript:window.print();">'
                    '<i class="glyphicon glyphicon-print"></i> 打印</a> <a href="javascript:window.close();">关闭</a></div>{tail}</div>'),
               info='<span>来源：{source}</span><span>发布时间：{date} {time}</span><span>访问量：{hits}</span>',
               meta=('<table class="table table-bordered info-table"><tr><td>索引号</td><td>{index_no}</td><td>发布机构</td><td>{org}</td></tr>'
                     '<tr><td>文号</td><td>{doc_no}</td><td>成文日期</td><td>{date}</td></tr></table>'),
               tail=PREVNEXT, list="ul-span", list_frame='<div class="list-panel"><div class="list-hd"><h3>{title}</h3></div>{items}{pager}</div>',
               pager="bootstrap", img="/cms/uploads/{ym}/{stamp}.jpg", attach="/cms/uploads/{ym}/{stamp}{ext}"),
         ("table", "news@alt", "notice_short@alt", "policy"), GOV_FILL, (14, 19),
         ("home", "list", "list_p", "list@alt", "topic", "search"), ("404", "downloads", "contact", "login"),
         ("eco",), "江北省生态环境厅", "江北省生态环境信息中心", abbr="江"),

    Site("county-media", "www.qwrmt.cn.test", "栖梧融媒", Locale("东川省", "临江市", "栖梧县", "county"),
         chrome_sobey, urls_sobey,
         (("栖梧要闻", "1/11"), ("乡镇", "1/12"), ("部门", "1/13"), ("民生", "2/21"), ("文旅", "2/22"), ("视频", "3/31"),
          ("图片", "3/32"), ("专题", "9/90"), ("便民", "4/41"), ("问政", "4/42")),
         Style(para="p",
               art=('<div class="news-detail"><h1 class="detail-title">{title}</h1>{subtitle}<div class="detail-info">{info}</div>'
                    '<div class="detail-content">{body}</div><div class="detail-editor">责任编辑：{editor}</div>{tail}</div>'),
               info='<span class="src">{source}</span><span class="time">{date} {time}</span><span class="view"><i></i>{hits}</span>',
               tail='<div class="detail-share"><a class="share-wx"></a><a class="share-wb"></a></div>',
               list="li-h3", list_frame='<div class="list-mod"><div class="mod-tit"><span>{title}</span></div>{items}{pager}</div>',
               img="/upload/resources/image/{y}/{md}/{stamp}.jpg"),
         ("related", "photo", "news"), NEWS_FILL, (13, 18),
         ("home_lead", "list", "list_p", "teasers", "list@alt", "search"), ("404", "video", "gallery"),
         ("agri", "livelihood", "culture", "safety", "city"), "中共栖梧县委宣传部", "栖梧县融媒体中心", abbr="东", source="栖梧县融媒体中心",
         genres=("news", "news", "news", "news", "photo", "notice")),
)


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------

def site_docs(site: Site, seed: int) -> list[Doc]:
    ctx = Ctx(site, seed)
    ctx.fill_pool()
    r = ctx.r
    n = r.randint(*site.n_articles)
    variants = list(site.articles) + [r.choice(site.fill) for _ in range(max(0, n - len(site.articles)))]
    docs = [article_doc(ctx, v) for v in variants]
    ctx.w.loc = ctx.w.base
    index = list(site.index) + [r.choice(("list", "list_p")) for _ in range(r.randint(0, 2))]
    docs += [INDEX_RENDERERS[v.partition("@")[0]](ctx, v) for v in index]
    docs += [OTHER_RENDERERS[v](ctx, v) for v in site.other]
    return docs


def render(doc: Doc) -> KindPage:
    html = doc.main if doc.bare else doc.site.chrome(doc)
    return KindPage(doc.site.id, f"http://{doc.site.host}{doc.path}", html, doc.kind)


def pages(seed: int = 0) -> list[KindPage]:
    """Every page of every site, deterministic for a seed."""
    return [render(doc) for site in SITES for doc in site_docs(site, seed)]


# ---------------------------------------------------------------------------------------------
# A real article page -> that site's list page
# ---------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "keygen", "command", "basefont", "frame", "isindex"}
AUTOCLOSE = {"p": {"p"}, "li": {"li"}, "tr": {"tr", "td", "th"}, "td": {"td", "th"}, "th": {"td", "th"},
             "option": {"option"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}}
BLOCKS = {"div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "form", "blockquote", "center"}
CRUMB_RE = re.compile(r"当前位置|您的位置|您现在的位置|当前的位置|所在位置|首[页頁]</a>\s*(?:&gt;|>|›|»|/|&raquo;|&rsaquo;|<em>|<span)"
                      r"|(?:首[页頁]|网)\s*(?:&gt;|>|›|»|&raquo;|&rsaquo;)")
WORDISH = re.compile(r"[\u3400-\u9fff\uf900-\ufaffA-Za-z0-9]")
SPACES = re.compile(r"[\s\u3000\u200b\ufeff]+")


class _Node:
    __slots__ = ("tag", "attrs", "start", "open_end", "close_start", "close_end", "parent", "children", "score", "text",
                 "links", "link_text", "href", "atext", "penalty", "own", "tstart", "tend")

    def __init__(self, tag, attrs, start, open_end, parent):
        self.tag, self.attrs, self.start, self.open_end, self.parent = tag, attrs, start, open_end, parent
        self.close_start = self.close_end = -1
        self.children: list[_Node] = []
        self.score = 0.0          # paragraph text credited to this node (readability-style)
        self.text = 0             # all text in the subtree (link text included)
        self.links = 0
        self.link_text = 0
        self.href = ""
        self.atext = ""
        self.penalty = False
        self.own = 0              # text directly inside (outside links)
        self.tstart = self.tend = 0  # the subtree's span of the page's flat text (see _TreeBuilder.flat)


class _TreeBuilder(HTMLParser):
    """An element tree with source offsets, forgiving the way browsers are."""

    def __init__(self, src: str):
        super().__init__(convert_charrefs=True)
        self.src = src
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", src)]
        self.root = _Node("#root", {}, 0, 0, None)
        self.stack = [self.root]
        self.anchors: list[_Node] = []
        # the page's text without white space, in document order, and where each run of it sits:
        # (flat start, flat end, source offset, holding element)
        self.flat_parts: list[str] = []
        self.flat_len = 0
        self.segs: list[tuple[int, int, int, _Node]] = []
        self.flat = ""

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _close(self, node: _Node, at: int, end: int) -> None:
        node.close_start, node.close_end = at, end
        self.stack.pop()

    def handle_starttag(self, tag, attrs):
        pos = self._pos()
        text = self.get_starttag_text() or ""
        closes = AUTOCLOSE.get(tag, set())
        while len(self.stack) > 1 and (self.stack[-1].tag in closes or (tag in BLOCKS and self.stack[-1].tag == "p")):
            self.stack[-1].close_start = self.stack[-1].close_end = pos
            self.stack.pop()
        node = _Node(tag, dict(attrs), pos, pos + len(text), self.stack[-1])
        node.tstart = self.flat_len
        self.stack[-1].children.append(node)
        if tag == "a":
            node.href = node.attrs.get("href") or ""
            self.anchors.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        pos = self._pos()
        node = _Node(tag, dict(attrs), pos, pos + len(self.get_starttag_text() or ""), self.stack[-1])
        node.close_start = node.close_end = node.open_end
        node.tstart = self.flat_len
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        pos = self._pos()
        end = self.src.find(">", pos) + 1 or len(self.src)
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                while len(self.stack) - 1 > i:
                    self.stack[-1].close_start = self.stack[-1].close_end = pos
                    self.stack.pop()
                self._close(self.stack[-1], pos, end)
                return

    def handle_data(self, data):
        top = self.stack[-1]
        if top.tag in ("script", "style", "title", "textarea", "option", "select"):
            return
        squeezed = SPACES.sub("", data)
        if squeezed:
            self.segs.append((self.flat_len, self.flat_len + len(squeezed), self._pos(), top))
            self.flat_parts.append(squeezed)
            self.flat_len += len(squeezed)
        n = len(WORDISH.findall(data))
        if not n:
            return
        in_link = next((x for x in reversed(self.stack) if x.tag == "a"), None)
        if in_link is not None:
            in_link.atext += data.strip()
            return
        if FOOTER_TEXT.search(data):
            for x in [x for x in reversed(self.stack) if x.tag not in INLINE][:3]:
                x.penalty = True
        # readability-style credit: the paragraph's container in full, the one above it by half
        top.own += n
        blocks = [x for x in reversed(self.stack) if x.tag not in INLINE]
        if not blocks:
            return
        i = 0
        while i + 1 < len(blocks) and blocks[i].tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "section", "blockquote"):
            i += 1
        blocks[i].score += n
        if i + 1 < len(blocks):
            blocks[i + 1].score += n / 2


INLINE = {"span", "font", "strong", "b", "em", "i", "u", "sup", "sub", "label", "small", "big", "a", "br", "img", "code", "o:p"}
FOOTER_TEXT = re.compile(r"ICP备|ICP证|公网安备|版权所有|Copyright|网站标识码|Powered by", re.I)
GOOD_NAMES = re.compile(r"content|article|detail|zoom|text|artcon|main|body|post|entry|news_con|con_|rm_txt|highlight", re.I)
BAD_NAMES = re.compile(r"foot|copyright|bottom|header|nav|menu|side|sidebar|right|comment|related|recommend|share|ad-|banner|link", re.I)


def _weight(n: _Node) -> float:
    names = f"{n.attrs.get('class') or ''} {n.attrs.get('id') or ''}"
    w = 1.0
    if n.tag in ("footer", "header", "nav", "aside") or BAD_NAMES.search(names):
        w *= 0.3
    if GOOD_NAMES.search(names):
        w *= 1.5
    if getattr(n, "penalty", False):
        w *= 0.2
    return w


def _tree(src: str) -> _TreeBuilder:
    tb = _TreeBuilder(src)
    tb.feed(src)
    tb.close()
    end = len(src)
    while len(tb.stack) > 1:  # never closed: runs to the end of the document
        tb.stack[-1].close_start = tb.stack[-1].close_end = end
        tb.stack.pop()

    tb.flat = "".join(tb.flat_parts)
    for f0, f1, _, holder in tb.segs:
        holder.tend = max(holder.tend, f1)

    def sums(node: _Node) -> None:
        node.tend = max(node.tend, node.tstart)
        own = node.own
        for c in node.children:
            sums(c)
            node.tend = max(node.tend, c.tend)
            node.text += c.text
            node.links += c.links
            node.link_text += c.link_text
        node.text += int(own)
        if node.tag == "a":
            n = len(WORDISH.findall(node.atext))
            node.links += 1
            node.link_text += n
            node.text += n
    sums(tb.root)
    return tb


def _walk(node: _Node):
    yield node
    for c in node.children:
        yield from _walk(c)


def _small(n: _Node) -> bool:
    """A headline, byline, tool bar or editor line -- not a block of links or text of its own."""
    return n.text - n.link_text <= 160 and n.link_text <= 60 and n.links <= 6


def _find_container(tb: _TreeBuilder, src: str) -> tuple[int, int, _Node]:
    """Where the article is: (start, end, element).

    Start from the best paragraph-text holder (readability-style score), widen to ancestors that
    add only a little text and no long link texts (a headline, a byline, a tool bar), then take in
    small siblings on either side (headline before, editor line and share bar after). Sidebars,
    breadcrumbs and lists of headlines are never taken in.
    """
    skip = {"#root", "html", "body", "head", "p", "a", "span", "font", "strong", "b", "em", "br", "script", "style", "li"}
    cands = [n for n in _walk(tb.root) if n.tag not in skip]
    if not cands:
        raise ValueError("no element to replace")
    node = max(cands, key=lambda n: n.score * _weight(n))
    while node.parent is not None and node.parent.tag not in ("body", "html", "#root"):
        parent = node.parent
        outside = src[parent.open_end:node.start] + src[node.close_end:parent.close_start]
        if CRUMB_RE.search(outside):
            break
        extra_text = (parent.text - parent.link_text) - (node.text - node.link_text)
        extra_link_text = parent.link_text - node.link_text
        if extra_link_text > 70 or parent.links - node.links > 10 or extra_text > max(160, 0.3 * (node.text - node.link_text)):
            break
        node = parent
    while node.tag in ("tbody", "tr", "thead") and node.parent is not None:
        node = node.parent
    start, end = node.start, node.close_end
    parent = node.parent
    if parent is not None and node.tag not in ("td", "th") and parent.tag not in ("body", "html", "#root", "tr", "ul", "ol", "dl"):
        sibs = [c for c in parent.children if c.close_end > c.start]
        i = sibs.index(node) if node in sibs else -1
        if i >= 0:
            j = i
            while j > 0 and _small(sibs[j - 1]) and not CRUMB_RE.search(src[sibs[j - 1].start:sibs[j - 1].close_end]) \
                    and sibs[j - 1].tag not in ("script", "style"):
                j -= 1
            # only worth it if a headline is among what was taken in
            if j < i and re.search(r"<h[1-6]\b|title|biaoti|bt_", src[sibs[j].start:node.start], re.I):
                start = sibs[j].start
            k = i
            while k + 1 < len(sibs) and _small(sibs[k + 1]) and sibs[k + 1].tag not in ("script", "style"):
                k += 1
            end = sibs[k].close_end
    return start, end, node


TABLEISH = {"table", "tbody", "thead", "tfoot", "tr"}
HOLDERS_UP = INLINE | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "td", "th", "pre"}


def _locate(tb: _TreeBuilder, texts: list[str]) -> list[tuple[int, int]]:
    """Where each text sits in the page's flat text (white space dropped), searched in order;
    texts not found are left out."""
    found, at = [], 0
    for t in texts:
        key = SPACES.sub("", t)
        if not key:
            continue
        i = tb.flat.find(key, at)
        if i < 0:
            i = tb.flat.find(key)
        if i < 0 and len(key) > 40:  # the extractor trimmed or joined it: its head will do
            i = tb.flat.find(key[:30], at)
            i = tb.flat.find(key[:30]) if i < 0 else i
            key = key[:30]
        if i >= 0:
            found.append((i, i + len(key)))
            at = i + len(key)
    return found


def _seg_at(tb: _TreeBuilder, f: int) -> int:
    """Index of the text run holding flat offset f."""
    lo, hi = 0, len(tb.segs) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if tb.segs[mid][0] <= f:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _units(node: _Node, tb: _TreeBuilder, src: str) -> list[tuple[int, int, int, int, _Node | None]]:
    """node's content as units in document order: its child elements and its own text runs,
    each as (source start, source end, flat start, flat end, element or None)."""
    units = [(c.start, c.close_end, c.tstart, c.tend, c) for c in node.children if c.close_end > c.start]
    for f0, f1, pos, holder in tb.segs:
        if holder is node:
            end = src.find("<", pos + 1)
            units.append((pos, end if end >= 0 else len(src), f0, f1, None))
    return sorted(units, key=lambda u: u[0])


def _find_by_text(tb: _TreeBuilder, src: str, url: str) -> tuple[int, int, str, str, tuple[int, int] | None] | None:
    """Where the article is, found from its text as the project's extractor reads it: the
    smallest element holding its long paragraphs, widened until it holds nearly all of the page's
    prose (several posts, an article in a layout table), then narrowed to the run of its children
    from the first prose to the last (plus a headline just before). Returns (start, end, open, close):
    the source span to replace and the markup to wrap the list in, plus a second span to drop (a
    second copy of the article, a comment thread) where the page's prose runs on outside the
    first; or None when extraction finds nothing to go by."""
    from pipelines.text.extract import extract_article
    from pipelines.text.extract.blocks import page_blocks
    from pipelines.text.extract.html import parse_html
    if not tb.segs:
        return None
    try:
        art = extract_article(src, url)
        root = parse_html(src)
    except Exception:  # noqa: BLE001 -- a page the extractor cannot read keeps the old guess
        return None
    lines = [ln.strip() for ln in (art.text or "").split("\n") if ln.strip()]
    long_lines = [ln for ln in lines if len(ln) >= 60] or [ln for ln in lines if len(ln) >= 20]
    spots = _locate(tb, long_lines)
    if not spots:
        return None
    prose = [b.text for b in page_blocks(root) if len(b.text) >= 60 and b.link_chars < len(b.text) / 4
             and not FOOTER_TEXT.search(b.text)] if root is not None else []
    pspots = _locate(tb, prose)
    total = sum(f1 - f0 for f0, f1 in pspots) or 1
    nonprose_page = max(tb.flat_len - total, 1)

    def held(node: _Node) -> list[tuple[int, int]]:
        return [(f0, f1) for f0, f1 in pspots if node.tstart <= f0 and f1 <= node.tend]

    def chain(node: _Node) -> list[_Node]:
        out = []
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    first, last = tb.segs[_seg_at(tb, spots[0][0])][3], tb.segs[_seg_at(tb, spots[-1][1] - 1)][3]
    up = chain(last)
    ids = {id(n) for n in up}
    box = next(n for n in chain(first) if id(n) in ids)
    while box.tag in HOLDERS_UP and box.parent is not None:
        box = box.parent

    def span(node: _Node, inside: list[tuple[int, int]]):
        """The run of node's units from the first holding prose to the last: (i, j, units)."""
        units = _units(node, tb, src)
        hit = [k for k, u in enumerate(units) if any(u[2] <= f0 < u[3] or (f0 <= u[2] < f1) for f0, f1 in inside)]
        if not hit:
            return 0, len(units) - 1, units
        return hit[0], hit[-1], units

    def nonprose(node: _Node) -> int:
        inside = held(node)
        i, j, units = span(node, inside)
        if not units:
            return 0
        width = units[j][3] - units[i][2]
        return width - sum(f1 - f0 for f0, f1 in inside)

    # widen while the element holds less than ~90% of the page's prose, never to the whole page
    # and never taking in most of the page's other text
    base_np = nonprose(box)
    best = box
    node = box
    while sum(f1 - f0 for f0, f1 in held(node)) < 0.9 * total and node.parent is not None \
            and node.tag not in ("body", "html", "#root"):
        parent = node.parent
        if parent.tag in ("html", "#root"):
            break
        if nonprose(parent) > max(base_np, 0.5 * nonprose_page):
            break
        node = parent
        if sum(f1 - f0 for f0, f1 in held(node)) > sum(f1 - f0 for f0, f1 in held(best)):
            best = node
    box = best
    while box.tag in ("tbody", "thead", "tfoot") and box.parent is not None and box.parent.tag == "table" \
            and len([c for c in box.parent.children if c.tag in ("tr", "tbody", "thead", "tfoot")]) == 1:
        box = box.parent
    inside = held(box) or spots
    i, j, units = span(box, inside)
    if not units or (nonprose_page > 200 and nonprose(box) > 0.5 * nonprose_page):
        return None  # it would take most of the page's other text with it: the site's chrome must stay
    # prose left outside (a second copy of the article, a comment thread): its run, if it is mostly prose
    outside = [(f0, f1) for f0, f1 in pspots if not (box.tstart <= f0 and f1 <= box.tend)]
    extra = None
    if sum(f1 - f0 for f0, f1 in outside) > 0.15 * total:
        a = tb.segs[_seg_at(tb, outside[0][0])][3]
        b = tb.segs[_seg_at(tb, outside[-1][1] - 1)][3]
        bids = {id(n) for n in chain(b)}
        other = next(n for n in chain(a) if id(n) in bids)
        while other.tag in HOLDERS_UP and other.parent is not None:
            other = other.parent
        if other.tag not in ("body", "html", "#root") and (other.close_end <= box.start or other.start >= box.close_end) \
                and nonprose(other) <= 0.25 * nonprose_page:
            oi, oj, ounits = span(other, held(other))
            if ounits:
                extra = (ounits[oi][0], ounits[oj][1])

    def plain(u) -> bool:
        n = u[4]
        if n is None:
            return u[3] - u[2] <= 160
        names = f"{n.attrs.get('class') or ''} {n.attrs.get('id') or ''}"
        return (_small(n) and n.tag not in ("script", "style", "nav", "header", "footer", "aside", "form")
                and not n.penalty and not re.search(r"foot|copyright|nav|menu|crumb|weizhi|location|position", names, re.I)
                and not CRUMB_RE.search(src[n.start:n.close_end]))
    # a headline, date line or tool bar just before; an editor line or share bar just after
    k = i
    while k > 0 and i - k < 6 and plain(units[k - 1]):
        k -= 1
    if k < i and re.search(r"<h[1-6]\b|title|biaoti|bt_|headline", src[units[k][0]:units[i][0]], re.I):
        while k < i and units[k][4] is not None and units[k][4].text == 0 and units[k][4].tag in ("script", "style", "br", "hr"):
            k += 1
        i = k
    k = j
    while k + 1 < len(units) and k - j < 4 and plain(units[k + 1]) and \
            (units[k + 1][4] is None or units[k + 1][4].text > 0):
        k += 1
    j = k
    texty = [k for k, u in enumerate(units) if u[3] > u[2] or (u[4] is not None and u[4].tag in ("img", "table", "iframe"))]
    whole = not texty or (i <= texty[0] and j >= texty[-1])
    if whole and box.tag not in ("body", "html", "#root") and box.close_start > box.open_end:
        if box.tag == "table":
            main = (box.start, box.close_end, '<div class="list-box">', "</div>")
        elif box.tag in ("tr", "tbody", "thead", "tfoot", "ul", "ol", "dl"):
            main = _wrap(box, box.open_end, box.close_start)
        else:
            main = (box.open_end, box.close_start, "", "")
    else:
        main = _wrap(box, units[i][0], units[j][1])
    return (*main, extra)


def _wrap(box: _Node, start: int, end: int) -> tuple[int, int, str, str]:
    """The markup a list put in place of box's children from start to end needs."""
    if box.tag == "tr":
        return start, end, '<td colspan="9">', "</td>"
    if box.tag in ("table", "tbody", "thead", "tfoot"):
        return start, end, '<tr><td colspan="9">', "</td></tr>"
    if box.tag in ("ul", "ol"):
        return start, end, "<li>", "</li>"
    if box.tag == "dl":
        return start, end, "<dd>", "</dd>"
    return start, end, '<div class="list-box">', "</div>"


def _page_link(list_url: str) -> Callable[[int], str]:
    """URL of page n of the list whose first page is list_url, in the habit the URL suggests."""
    parts = urlsplit(list_url)
    path, query = parts.path, parts.query
    base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    def join(p: str, q: str = "") -> str:
        return base + p + (f"?{q}" if q else "")
    if query:
        return lambda n: join(path, query if n == 1 else f"{query}&page={n}")
    m = re.match(r"(.*/(?:category|tag)/[^/]+/)$", path)
    if m:  # WordPress
        return lambda n: join(path if n == 1 else f"{m.group(1)}page/{n}/")
    m = re.match(r"(.*/)?list-(\d+)-(\d+)\.html$", path)
    if m:
        return lambda n: join(f"{m.group(1) or '/'}list-{m.group(2)}-{n}.html")
    m = re.match(r"(.*/GB/.*/)index\.html$", path)
    if m:  # people-style index2.html
        return lambda n: join(path if n == 1 else f"{m.group(1)}index{n}.html")
    m = re.match(r"(.*/)index\.html$", path) or (re.match(r"(.*/)$", path))
    if m:  # TRS: index.html, index_1.html, index_2.html ...
        return lambda n: join(path if n == 1 else f"{m.group(1)}index_{n - 1}.html")
    m = re.match(r"(.*?)(\.s?html?)$", path)
    if m:
        return lambda n: join(path if n == 1 else f"{m.group(1)}_{n}{m.group(2)}")
    return lambda n: join(path if n == 1 else path.rstrip("/") + f"/{n}/")


def _channel_url(tb: _TreeBuilder, src: str, url: str) -> str:
    """The channel the article sits in: its breadcrumb's last link, else a guess from the URL's shape."""
    found = []
    for node in _walk(tb.root):
        if node.tag in ("div", "td", "span", "p", "nav", "ol", "ul", "section") and node.close_start > node.open_end:
            inner = src[node.open_end:node.close_start]
            if len(inner) < 1500 and CRUMB_RE.search(inner):
                hrefs = [a.href for a in _walk(node) if a.tag == "a" and a.href and not a.href.startswith(("javascript", "#"))]
                hrefs = [h for h in hrefs if urlsplit(urljoin(url, h)).path not in ("", "/", "/index.html", "/index.htm", "/index.shtml")]
                if hrefs:
                    found.append((len(inner), urljoin(url, hrefs[-1])))
    if found:
        return min(found)[1]
    parts = urlsplit(url)
    path = parts.path
    host = f"{parts.scheme}://{parts.netloc}"
    rules = (
        (r"/n1/\d{4}/\d{4}/c(\d+)-\d+\.html$", lambda m: f"/GB/{m.group(1)}/index.html"),
        (r"^/(.+?)/\d{4}-\d{2}/\d{2}/c_\d+\.htm$", lambda m: f"/{m.group(1)}/index.htm"),
        (r"^(.*)/\d{6}/t\d{8}_\d+\.s?html?$", lambda m: f"{m.group(1)}/index.html"),
        (r"^(.*)/\d{4}-\d{2}/\d{2}/content_\d+\.htm$", lambda m: f"{m.group(1)}/index.htm"),
        (r"^/art/\d{4}/\d+/\d+/art_(\d+)_\d+\.html$", lambda m: f"/col/col{m.group(1)}/index.html"),
        (r"^/\d{4}/\d{2}/\d{2}/ARTI\d+\.shtml$", lambda m: "/djyw/index.shtml"),
        (r"^/(?:.*/)?show-(\d+)-\d+-\d+\.html$", lambda m: f"/list-{m.group(1)}-1.html"),
        (r"^/article-\d+-\d+\.html$", lambda m: "/portal.php?mod=list&catid=1"),
        (r"^/info/(\d+)/\d+\.htm$", lambda m: f"/list/{m.group(1)}.htm"),
    )
    for pat, make in rules:
        m = re.search(pat, path)
        if m:
            return host + make(m)
    q = parts.query
    m = re.search(r"catid=(\d+)", q)
    if m:
        return f"{host}{path}?m=content&c=index&a=lists&catid={m.group(1)}"
    if path.lower().endswith(".asp"):
        return f"{host}/ShowClass.asp?ClassID={(h32(url) % 20) + 1}"
    if q:  # /detail?id=… and friends
        return f"{host}{path.rsplit('/', 1)[0]}/list?page=1" if "/" in path.strip("/") else f"{host}/list?page=1"
    return host + path.rsplit("/", 1)[0] + "/index.html"


def _mutate_url(url: str, r: random.Random) -> str:
    """Another article URL of the same shape: the last long digit run replaced."""
    runs = list(re.finditer(r"\d{3,}", url))
    if not runs:
        return url.rsplit(".", 1)[0] + f"_{r.randint(100, 999)}." + url.rsplit(".", 1)[-1] if "." in url.rsplit("/", 1)[-1] else url + f"{r.randint(100, 999)}"
    m = runs[-1]
    k = len(m.group())
    return url[:m.start()] + str(r.randint(10 ** (k - 1), 10 ** k - 1)) + url[m.end():]


def list_page_from_article(html: str, url: str, seed: int = 0) -> tuple[str, str]:
    """Turn a real article page into that site's list/channel page.

    Everything outside the article container (header, nav, breadcrumbs, sidebars, footer,
    scripts) is kept byte for byte, except the headline in <title> (replaced by the channel
    name) and a trailing "正文" crumb. The container -- the element holding most of the
    page's paragraph text, widened to take in its headline and byline -- is replaced by 15-30
    dated headline links (sometimes with summaries) and a page bar. Returns (list_url, html).
    """
    r = random.Random(f"list-from-article:{seed}:{url}")
    tb = _tree(html)
    where = _find_by_text(tb, html, url)
    if where is None:
        start, end, box = _find_container(tb, html)
        if (start, end) == (box.start, box.close_end) and box.tag not in ("table", "tbody", "tr", "thead") \
                and box.close_start > box.open_end:
            where = (box.open_end, box.close_start, "", "", None)   # keep the container's own tags
        else:
            where = (start, end, '<div class="list-box">', "</div>", None)
    start, end, wrap_open, wrap_close, extra = where
    w = Writer(r, Locale("江北省", "南岭市", "青溪县", "city"))

    # the list's URL
    chan_url = _channel_url(tb, html, url)
    link = _page_link(chan_url)
    total = r.randint(3, 60)
    page = 1 if r.random() < 0.5 else r.randint(2, min(total, 9))
    list_url = link(page)

    # the channel's name: the breadcrumb link text pointing at it, else the nav text, else 信息列表
    chan_name = ""
    for a_node in tb.anchors:
        if a_node.href and urljoin(url, a_node.href) == chan_url and 1 < len(a_node.atext.strip()) <= 12:
            chan_name = a_node.atext.strip()
    chan_name = chan_name or "信息列表"

    # headlines: the page's own long anchor texts first
    inside = {id(n) for n in tb.anchors if start <= n.start < end}
    seen, heads = set(), []
    host = urlsplit(url).netloc
    for a_node in tb.anchors:
        text = re.sub(r"\s+", " ", a_node.atext).strip()
        if a_node.href and urlsplit(urljoin(url, a_node.href)).netloc != host:
            continue
        if FOOTER_TEXT.search(text) or "备" in text:
            continue
        if len(WORDISH.findall(text)) >= 10 and text not in seen and id(a_node) not in inside:
            seen.add(text)
            href = a_node.href if a_node.href and not a_node.href.startswith(("javascript", "#")) else _mutate_url(url, r)
            heads.append((text, urljoin(url, href)))
    r.shuffle(heads)
    n = r.randint(15, 30)
    heads = heads[: r.randint(min(len(heads), n // 3), min(len(heads), n))]
    while len(heads) < n:
        topic = r.choice(TOPICS)
        t = w.headline(topic, r.choice(("news", "news", "notice", "table", "commentary")))
        if t not in seen:
            seen.add(t)
            heads.append((t, _mutate_url(url, r)))
    m = re.search(r"(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})", html[start:end] or html)
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else dt.date(2021, 3, 4)
    except ValueError:
        day = dt.date(2021, 3, 4)
    day += dt.timedelta(days=r.randint(0, 20))
    dates = []
    for _ in heads:
        day -= dt.timedelta(days=r.choice((0, 0, 1, 1, 2, 3, 5)))
        dates.append(day)

    # the list itself
    style = r.choice(("ul", "ul", "table", "teaser"))
    rows = []
    for (t, href), d in zip(heads, dates):
        te, he = esc(t), esc(href)
        if style == "ul":
            rows.append(f'<li><a href="{he}" target="_blank" title="{te}">{te}</a><span class="date">{d:%Y-%m-%d}</span></li>')
        elif style == "table":
            rows.append(f'<tr><td class="bt">·<a href="{he}" target="_blank" title="{te}">{te}</a></td><td class="rq" width="90">{d:%Y-%m-%d}</td></tr>')
        else:
            s = w.summary(r.choice(TOPICS), long=r.random() < 0.4)
            rows.append(f'<div class="list-item"><h3><a href="{he}" target="_blank">{te}</a></h3><p class="summary">{esc(s)}</p>'
                        f'<p class="time">{d:%Y-%m-%d}</p></div>')
    body = {"ul": '<ul class="list-ul">{}</ul>', "table": '<table class="list-tb" width="100%">{}</table>', "teaser": '<div class="list-teasers">{}</div>'}[style]
    body = body.format("\n".join(rows))
    bar = ('<div class="page-bar">' + (f'<a href="{esc(link(1))}">首页</a> <a href="{esc(link(page - 1))}">上一页</a> ' if page > 1 else "<span>上一页</span> ")
           + " ".join(f'<span class="cur">{k}</span>' if k == page else f'<a href="{esc(link(k))}">{k}</a>' for k in range(max(1, page - 2), min(total, page + 3) + 1))
           + (" <span>…</span>" if total > page + 3 else "")
           + (f' <a href="{esc(link(page + 1))}">下一页</a> <a href="{esc(link(total))}">尾页</a>' if page < total else " <span>下一页</span>")
           + f' <span class="total">共{total}页</span></div>')
    new_inner = f'\n<div class="list-title"><h2>{esc(chan_name)}</h2></div>\n{body}\n{bar}\n'

    out = html[:start] + wrap_open + new_inner + wrap_close + html[end:]
    if extra is not None:  # after the list or before it: offsets before the list are unchanged
        cut = extra if extra[0] >= end else None
        if cut is not None:
            shift = len(wrap_open + new_inner + wrap_close) - (end - start)
            out = out[:cut[0] + shift] + out[cut[1] + shift:]
        elif extra[1] <= start:
            out = out[:extra[0]] + out[extra[1]:]

    # <title>: the headline becomes the channel name
    tm = re.search(r"(<title[^>]*>)(.*?)(</title>)", out, re.I | re.S)
    if tm:
        title = tm.group(2)
        boxed = re.sub(r"<[^>]+>|\s+", "", html[start:end])
        parts = [x for x in re.split(r"\s*(?:_|--|-|\||–|—|&#8211;|&ndash;|&mdash;)\s*", title) if len(x) >= 4]
        for h in sorted(parts, key=len, reverse=True):
            if re.sub(r"\s+", "", htmllib.unescape(h)) in htmllib.unescape(boxed):
                title = title.replace(h, esc(chan_name), 1)
                break
        out = out[:tm.start(2)] + title + out[tm.end(2):]
    # a trailing 正文 crumb goes: the list is the channel itself
    out = re.sub(r"(?:&gt;|>|»|&raquo;|›|/)\s*(?:<[^<>]+>\s*)*正文(?:内容)?(?=\s*(?:</[^<>]+>\s*)*(?:</div>|</td>|</nav>|</ol>|</p>))",
                 "", out, count=1, flags=re.I)
    return list_url, out


# ---------------------------------------------------------------------------------------------
# Dump
# ---------------------------------------------------------------------------------------------

def _charset(html: str) -> str:
    m = re.search(r"""<meta[^>]+charset=["']?([\w-]+)""", html[:3000], re.I)
    return (m.group(1).lower() if m else "utf-8").replace("gb2312", "gbk")


def dump(outdir: str | Path, seed: int = 0) -> list[KindPage]:
    """Write every page to outdir (one file per page, in its declared charset) and index.tsv."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    got = pages(seed)
    lines = ["site\tkind\turl\tfile"]
    for i, p in enumerate(got):
        name = f"{i:04d}_{p.site}_{p.kind}.html"
        (out / name).write_bytes(p.html.encode(_charset(p.html), "xmlcharrefreplace"))
        lines.append(f"{p.site}\t{p.kind}\t{p.url}\t{name}")
    (out / "index.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return got


if __name__ == "__main__":
    import collections
    import time
    if len(sys.argv) < 2:
        sys.exit("usage: python tests/kind_pages.py OUTDIR [SEED]")
    t0 = time.perf_counter()
    got = dump(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    took = time.perf_counter() - t0
    by_site = collections.Counter((p.site, p.kind) for p in got)
    for site in SITES:
        print(f"{site.id:15s} " + "  ".join(f"{k}={by_site[(site.id, k)]:2d}" for k in KINDS))
    print(f"total {len(got)} pages: " + ", ".join(f"{k}={sum(1 for p in got if p.kind == k)}" for k in KINDS) + f"  ({took:.2f}s)")
