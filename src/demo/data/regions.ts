// The 34 provincial divisions (GB/T 2260 codes, name variants, rough business weight) and demo cities
// with their division codes (for credit codes), landline area codes and local number lengths.

export interface City {
  /** Name without 市, used as a company-name prefix. */
  readonly name: string;
  readonly py: string;
  /** Short unique tag for email domains. */
  readonly tag: string;
  /** GB/T 2260 codes of the city or its districts (the 3rd–8th characters of a credit code). */
  readonly codes: readonly string[];
  /** Landline area code with its trunk 0, or null where mainland landlines do not apply. */
  readonly area: string | null;
  readonly localDigits: 7 | 8;
}

export interface Province {
  readonly code: string;
  readonly full: string;
  readonly short: string;
  readonly abbr: string;
  readonly py: string;
  readonly weight: number;
  /** Municipalities and the SARs: the province is the city (its name is the company prefix). */
  readonly isCity: boolean;
  /** Whether companies here carry a mainland unified social credit code. */
  readonly hasUscc: boolean;
  readonly cities: readonly City[];
}

const c = (
  name: string,
  py: string,
  tag: string,
  codes: string[],
  area: string | null,
  localDigits: 7 | 8 = 8,
): City => ({
  name,
  py,
  tag,
  codes,
  area,
  localDigits,
});

const p = (
  code: string,
  full: string,
  short: string,
  abbr: string,
  py: string,
  weight: number,
  cities: City[],
  isCity = false,
  hasUscc = true,
): Province => ({ code, full, short, abbr, py, weight, cities, isCity, hasUscc });

export const PROVINCES: readonly Province[] = [
  p(
    "110000",
    "北京市",
    "北京",
    "京",
    "Beijing",
    6,
    [c("北京", "Beijing", "bj", ["110105", "110108", "110102", "110106"], "010")],
    true,
  ),
  p(
    "120000",
    "天津市",
    "天津",
    "津",
    "Tianjin",
    2,
    [c("天津", "Tianjin", "tj", ["120116", "120104", "120111"], "022")],
    true,
  ),
  p("130000", "河北省", "河北", "冀", "Hebei", 3, [
    c("石家庄", "Shijiazhuang", "sjz", ["130100", "130102"], "0311"),
    c("唐山", "Tangshan", "ts", ["130200"], "0315", 7),
    c("保定", "Baoding", "bd", ["130600"], "0312", 7),
  ]),
  p("140000", "山西省", "山西", "晋", "Shanxi", 1, [
    c("太原", "Taiyuan", "ty", ["140100"], "0351", 7),
    c("大同", "Datong", "dt", ["140200"], "0352", 7),
  ]),
  p("150000", "内蒙古自治区", "内蒙古", "蒙", "Inner Mongolia", 0.7, [
    c("呼和浩特", "Hohhot", "hhht", ["150100"], "0471", 7),
    c("包头", "Baotou", "bt", ["150200"], "0472", 7),
  ]),
  p("210000", "辽宁省", "辽宁", "辽", "Liaoning", 2, [
    c("沈阳", "Shenyang", "sy", ["210100"], "024"),
    c("大连", "Dalian", "dl", ["210200", "210211"], "0411"),
  ]),
  p("220000", "吉林省", "吉林", "吉", "Jilin", 0.8, [
    c("长春", "Changchun", "cc", ["220100"], "0431"),
    c("吉林", "Jilin", "jl", ["220200"], "0432"),
  ]),
  p("230000", "黑龙江省", "黑龙江", "黑", "Heilongjiang", 1, [
    c("哈尔滨", "Harbin", "hrb", ["230100"], "0451"),
    c("大庆", "Daqing", "dq", ["230600"], "0459", 7),
  ]),
  p(
    "310000",
    "上海市",
    "上海",
    "沪",
    "Shanghai",
    6,
    [c("上海", "Shanghai", "sh", ["310115", "310104", "310112", "310106"], "021")],
    true,
  ),
  p("320000", "江苏省", "江苏", "苏", "Jiangsu", 10, [
    c("南京", "Nanjing", "nj", ["320100", "320106"], "025"),
    c("苏州", "Suzhou", "suz", ["320500", "320505"], "0512"),
    c("无锡", "Wuxi", "wx", ["320200"], "0510"),
    c("常州", "Changzhou", "cz", ["320400"], "0519"),
  ]),
  p("330000", "浙江省", "浙江", "浙", "Zhejiang", 9, [
    c("杭州", "Hangzhou", "hz", ["330100", "330106"], "0571"),
    c("宁波", "Ningbo", "nb", ["330200"], "0574"),
    c("温州", "Wenzhou", "wz", ["330300"], "0577"),
    c("绍兴", "Shaoxing", "sx", ["330600"], "0575"),
  ]),
  p("340000", "安徽省", "安徽", "皖", "Anhui", 3, [
    c("合肥", "Hefei", "hf", ["340100"], "0551"),
    c("芜湖", "Wuhu", "wh", ["340200"], "0553", 7),
  ]),
  p("350000", "福建省", "福建", "闽", "Fujian", 4, [
    c("福州", "Fuzhou", "fz", ["350100"], "0591"),
    c("厦门", "Xiamen", "xm", ["350200", "350206"], "0592", 7),
    c("泉州", "Quanzhou", "qz", ["350500"], "0595"),
  ]),
  p("360000", "江西省", "江西", "赣", "Jiangxi", 2, [
    c("南昌", "Nanchang", "nc", ["360100"], "0791"),
    c("赣州", "Ganzhou", "gz", ["360700"], "0797", 7),
  ]),
  p("370000", "山东省", "山东", "鲁", "Shandong", 7, [
    c("济南", "Jinan", "jn", ["370100"], "0531"),
    c("青岛", "Qingdao", "qd", ["370200", "370211"], "0532"),
    c("烟台", "Yantai", "yt", ["370600"], "0535", 7),
  ]),
  p("410000", "河南省", "河南", "豫", "Henan", 4, [
    c("郑州", "Zhengzhou", "zz", ["410100"], "0371"),
    c("洛阳", "Luoyang", "ly", ["410300"], "0379"),
  ]),
  p("420000", "湖北省", "湖北", "鄂", "Hubei", 4, [
    c("武汉", "Wuhan", "wuh", ["420100", "420106"], "027"),
    c("宜昌", "Yichang", "yc", ["420500"], "0717", 7),
  ]),
  p("430000", "湖南省", "湖南", "湘", "Hunan", 3, [
    c("长沙", "Changsha", "cs", ["430100"], "0731"),
    c("株洲", "Zhuzhou", "zhz", ["430200"], "0731"),
  ]),
  p("440000", "广东省", "广东", "粤", "Guangdong", 12, [
    c("广州", "Guangzhou", "gzh", ["440100", "440106"], "020"),
    c("深圳", "Shenzhen", "sz", ["440300", "440305", "440306"], "0755"),
    c("东莞", "Dongguan", "dg", ["441900"], "0769"),
    c("佛山", "Foshan", "fs", ["440600"], "0757"),
    c("珠海", "Zhuhai", "zh", ["440400"], "0756", 7),
  ]),
  p("450000", "广西壮族自治区", "广西", "桂", "Guangxi", 1.5, [
    c("南宁", "Nanning", "nn", ["450100"], "0771", 7),
    c("柳州", "Liuzhou", "lz", ["450200"], "0772", 7),
  ]),
  p("460000", "海南省", "海南", "琼", "Hainan", 0.5, [
    c("海口", "Haikou", "haikou", ["460100"], "0898"),
    c("三亚", "Sanya", "sanya", ["460200"], "0898"),
  ]),
  p(
    "500000",
    "重庆市",
    "重庆",
    "渝",
    "Chongqing",
    2,
    [c("重庆", "Chongqing", "cq", ["500103", "500112", "500108"], "023")],
    true,
  ),
  p("510000", "四川省", "四川", "川", "Sichuan", 4, [
    c("成都", "Chengdu", "cd", ["510100", "510107"], "028"),
    c("绵阳", "Mianyang", "my", ["510700"], "0816", 7),
  ]),
  p("520000", "贵州省", "贵州", "黔", "Guizhou", 1, [
    c("贵阳", "Guiyang", "gy", ["520100"], "0851"),
    c("遵义", "Zunyi", "zy", ["520300"], "0851"),
  ]),
  p("530000", "云南省", "云南", "滇", "Yunnan", 1.2, [c("昆明", "Kunming", "km", ["530100"], "0871")]),
  p("540000", "西藏自治区", "西藏", "藏", "Tibet", 0.1, [c("拉萨", "Lhasa", "ls", ["540100"], "0891", 7)]),
  p("610000", "陕西省", "陕西", "陕", "Shaanxi", 2, [
    c("西安", "Xi'an", "xa", ["610100", "610113"], "029"),
    c("宝鸡", "Baoji", "baoji", ["610300"], "0917", 7),
  ]),
  p("620000", "甘肃省", "甘肃", "甘", "Gansu", 0.5, [c("兰州", "Lanzhou", "lanz", ["620100"], "0931", 7)]),
  p("630000", "青海省", "青海", "青", "Qinghai", 0.2, [c("西宁", "Xining", "xn", ["630100"], "0971", 7)]),
  p("640000", "宁夏回族自治区", "宁夏", "宁", "Ningxia", 0.3, [
    c("银川", "Yinchuan", "ych", ["640100"], "0951", 7),
  ]),
  p("650000", "新疆维吾尔自治区", "新疆", "新", "Xinjiang", 0.6, [
    c("乌鲁木齐", "Urumqi", "wlmq", ["650100"], "0991", 7),
  ]),
  p(
    "710000",
    "台湾省",
    "台湾",
    "台",
    "Taiwan",
    0.2,
    [c("台湾", "Taiwan", "tw", ["710000"], null)],
    true,
    false,
  ),
  p(
    "810000",
    "香港特别行政区",
    "香港",
    "港",
    "Hong Kong",
    0.4,
    [c("香港", "Hong Kong", "hk", ["810000"], null)],
    true,
    false,
  ),
  p(
    "820000",
    "澳门特别行政区",
    "澳门",
    "澳",
    "Macau",
    0.1,
    [c("澳门", "Macau", "mo", ["820000"], null)],
    true,
    false,
  ),
];

/** Every demo city with its province, in a fixed order (index = city id). */
export const CITIES: readonly { readonly city: City; readonly province: Province }[] = PROVINCES.flatMap(
  (province) => province.cities.map((city) => ({ city, province })),
);

/** City weights: the province weight split evenly over its cities. */
export const CITY_WEIGHTS: readonly number[] = CITIES.map(
  ({ province }) => province.weight / province.cities.length,
);
