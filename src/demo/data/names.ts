// Building blocks of company names and contact emails: 字号 characters with pinyin and homophones,
// industries (Chinese, short form, English), legal suffixes, and contact-person pinyin.

export interface ZihaoChar {
  readonly ch: string;
  readonly py: string;
}

const ZIHAO_SPEC =
  "华hua 信xin 鼎ding 盛sheng 恒heng 达da 瑞rui 丰feng 泰tai 和he 嘉jia 宏hong 远yuan 兴xing 隆long 通tong " +
  "宝bao 金jin 德de 源yuan 海hai 天tian 明ming 新xin 益yi 诚cheng 安an 康kang 博bo 创chuang 科ke 中zhong " +
  "联lian 众zhong 祥xiang 顺shun 永yong 利li 正zheng 东dong 方fang 南nan 长chang 百bai 汇hui 佳jia 美mei " +
  "光guang 辉hui 腾teng 飞fei 龙long 鹏peng 宇yu 星xing 阳yang 晨chen 峰feng 江jiang 润run 泽ze 清qing " +
  "云yun 雅ya 昌chang 荣rong 富fu 吉ji 乐le 万wan 鑫xin 森sen 林lin 志zhi 智zhi 慧hui 卓zhuo 越yue 凯kai " +
  "旭xu 晟sheng 昊hao 睿rui 铭ming 骏jun 驰chi 捷jie 锐rui 冠guan 航hang 弘hong 启qi 实shi 维wei 力li " +
  "世shi 纪ji 亚ya 欧ou 英ying 杰jie 豪hao 嘉jia 鸿hong 浩hao 恩en 禾he 尚shang 本ben 协xie 成cheng";

function parseZihao(spec: string): ZihaoChar[] {
  const seen = new Set<string>();
  const out: ZihaoChar[] = [];
  for (const token of spec.split(/\s+/)) {
    const ch = [...token][0] ?? "";
    if (!ch || seen.has(ch)) continue;
    seen.add(ch);
    out.push({ ch, py: token.slice(ch.length) });
  }
  return out;
}

export const ZIHAO_CHARS: readonly ZihaoChar[] = parseZihao(ZIHAO_SPEC);

/** Same-sound characters a clerk types by mistake (pinyin IME picks the wrong one). */
const HOMOPHONE_GROUPS = [
  "信鑫新欣",
  "华骅桦",
  "盛晟胜",
  "瑞睿锐",
  "丰峰锋",
  "宏弘鸿泓",
  "辉汇慧晖",
  "明铭鸣",
  "嘉佳家",
  "源远元",
  "利力立",
  "志智致",
  "越悦跃",
  "恒衡",
  "祥翔",
  "荣融容",
  "凯恺铠",
  "宇羽禹",
  "星兴",
  "浩昊皓",
];

export const HOMOPHONES: ReadonlyMap<string, readonly string[]> = new Map(
  HOMOPHONE_GROUPS.flatMap((g) => {
    const chars = [...g];
    return chars.map((ch) => [ch, chars.filter((o) => o !== ch)] as const);
  }),
);

export interface Industry {
  readonly zh: string;
  /** What people write when they shorten it, or null. */
  readonly short: string | null;
  readonly en: string;
  readonly abbr: string;
}

const i = (zh: string, short: string | null, en: string, abbr: string): Industry => ({ zh, short, en, abbr });

export const INDUSTRIES: readonly Industry[] = [
  i("电子科技", "电子", "Electronic Technology", "dz"),
  i("信息技术", "信息", "Information Technology", "it"),
  i("网络科技", "网络", "Network Technology", "net"),
  i("贸易", null, "Trading", "trade"),
  i("进出口贸易", "进出口", "Import & Export Trading", "ie"),
  i("机械设备", "机械", "Machinery & Equipment", "jx"),
  i("精密机械", null, "Precision Machinery", "pm"),
  i("化工", null, "Chemical", "hg"),
  i("新材料", null, "New Materials", "xcl"),
  i("医疗器械", null, "Medical Devices", "med"),
  i("医药", null, "Pharmaceutical", "yy"),
  i("食品", null, "Food", "food"),
  i("物流", null, "Logistics", "wl"),
  i("供应链管理", "供应链", "Supply Chain Management", "scm"),
  i("建筑工程", "建筑", "Construction Engineering", "jz"),
  i("建材", null, "Building Materials", "jc"),
  i("环保科技", "环保", "Environmental Technology", "hb"),
  i("新能源", null, "New Energy", "xny"),
  i("汽车零部件", "汽配", "Auto Parts", "auto"),
  i("纺织", null, "Textile", "fz"),
  i("服装", null, "Garment", "fashion"),
  i("家具", null, "Furniture", "jj"),
  i("包装材料", "包装", "Packaging Materials", "pack"),
  i("印刷", null, "Printing", "print"),
  i("五金制品", "五金", "Hardware Products", "wj"),
  i("塑胶制品", "塑胶", "Plastic Products", "sj"),
  i("光电科技", "光电", "Optoelectronic Technology", "gd"),
  i("半导体", null, "Semiconductor", "semi"),
  i("软件", null, "Software", "soft"),
  i("数据服务", null, "Data Services", "data"),
  i("企业管理咨询", "咨询", "Management Consulting", "zx"),
  i("文化传媒", "传媒", "Culture & Media", "media"),
  i("实业", null, "Industrial", "sy"),
  i("电气", null, "Electric", "dq"),
  i("仪器仪表", "仪器", "Instruments", "yq"),
  i("钢铁", null, "Steel", "steel"),
  i("有色金属", null, "Nonferrous Metals", "metal"),
  i("商贸", null, "Commerce & Trade", "sm"),
  i("农业科技", "农业", "Agricultural Technology", "agri"),
  i("生物科技", "生物", "Biotechnology", "bio"),
];

export type LegalForm = "ltd" | "llc" | "joint" | "group" | "group_paren";

export const LEGAL_FORMS: readonly LegalForm[] = ["ltd", "llc", "joint", "group", "group_paren"];
export const LEGAL_FORM_WEIGHTS: readonly number[] = [55, 15, 16, 8, 6];

export const LEGAL_SUFFIX_ZH: Readonly<Record<LegalForm, string>> = {
  ltd: "有限公司",
  llc: "有限责任公司",
  joint: "股份有限公司",
  group: "集团有限公司",
  group_paren: "（集团）有限公司",
};

export const LEGAL_SUFFIX_EN: Readonly<Record<LegalForm, readonly string[]>> = {
  ltd: ["Co., Ltd.", "Co.,Ltd", "Company Limited"],
  llc: ["Co., Ltd.", "Limited Liability Company"],
  joint: ["Co., Ltd.", "Joint Stock Co., Ltd."],
  group: ["Group Co., Ltd."],
  group_paren: ["Group Co., Ltd."],
};

export const SURNAMES_PY: readonly string[] = (
  "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song " +
  "tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lv ding ren shen"
).split(" ");

export const GIVEN_PY: readonly string[] = (
  "wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiuying xia ping gang hua " +
  "hong hao yu xin bo lin peng hui ting yun fei bin kai long qing rui jia xue mei dan zhen"
).split(" ");

export const FREE_MAIL_DOMAINS: readonly string[] = [
  "163.com",
  "126.com",
  "sina.com",
  "foxmail.com",
  "139.com",
  "yeah.net",
  "sohu.com",
];

export const EMAIL_ROLES: readonly string[] = ["sales", "info", "service", "finance", "purchase", "admin"];
