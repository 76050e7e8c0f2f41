// Every word the report and its email show, in Chinese (the default; English in labels-en.ts). Pure data.
import { en } from "./labels-en.js";

export type Locale = "zh-CN" | "en";

const zh = {
  title: (q: string) => `客户分级报告 ${q}`,
  sheets: {
    summary: "概览",
    migration: "迁移矩阵",
    adjustments: "规则调整",
    quality: "数据质量",
    model: "模型",
  },
  tierList: (tier: string) => `${tier}客户`,
  run: {
    title: "运行信息",
    run_id: "运行ID",
    quarter: "季度",
    trigger: "触发方式",
    status: "状态",
    config_hash: "配置版本",
    as_of: "数据截至",
    started: "开始时间",
    finished: "完成时间",
    generated: "报告生成时间",
    key: "项目",
    value: "值",
  },
  stages: {
    title: "各阶段",
    columns: [
      "阶段",
      "状态",
      "尝试次数",
      "输入行数",
      "输出行数",
      "拒绝行数",
      "开始时间",
      "完成时间",
      "耗时(秒)",
    ],
  },
  distribution: {
    title: "等级分布",
    columns: ["等级", "客户数", "客户占比", "收入(¥)", "收入占比", "平均得分"],
    total: "合计",
  },
  pyramid: { title: "价值金字塔", columns: ["等级", "客户数", "分布"] },
  head: {
    title: "头部客户贡献",
    top_share: "头部客户比例",
    customers: "头部客户数",
    revenue: "头部客户收入(¥)",
    revenue_share: "头部客户收入占比",
  },
  change: {
    title: (q: string | null) => (q ? `与上季度对比（${q}）` : "与上季度对比（无已发布的上季度）"),
    columns: ["等级", "上季度客户数", "本季度客户数", "变化", "变化率"],
  },
  migration: {
    corner: "上季度 \\ 本季度",
    newCustomers: "新客户",
    total: "合计",
    note: "行：上季度等级；列：本季度最终等级；单元格：客户数",
  },
  list: [
    "客户ID",
    "客户名称",
    "地区代码",
    "得分",
    "收入(¥)",
    "毛利(¥)",
    "订单数",
    "最近下单(天)",
    "上季度等级",
    "变化",
    "适用规则",
  ],
  adjustments: ["客户ID", "客户名称", "上季度等级", "模型等级", "最终等级", "调整", "规则", "原因"],
  override: (kind: string | null): string => (kind === "appeal" ? "申诉" : "人工调整"),
  change_new: "新",
  quality: {
    sources: { title: "来源表对账", columns: ["来源", "实体", "抽取", "接受", "拒绝", "对账"] },
    ok: "一致",
    mismatch: "不一致",
    rejects: { title: "拒绝原因", columns: ["来源", "实体", "原因", "行数"] },
    flags: { title: "字段问题（已置空并标记）", columns: ["来源", "实体", "标记", "行数"] },
    dedupe: {
      title: "去重",
      source_rows: "来源客户行数",
      golden: "合并后客户数",
      merged: "合并的重复行",
      merges: "客户ID合并记录",
    },
    publish: {
      title: "发布核对",
      quarter_rows: "本季度客户行",
      of_run: "本次运行发布的行",
      published: "已发布季度登记的客户数",
      reconciliation: "对账结果",
    },
    none: "无",
  },
  model: {
    thresholds: { title: "等级阈值", columns: ["等级", "最低得分"] },
    clusters: { title: "聚类规模", columns: ["簇", "客户数", "平均得分"] },
    agreement: {
      title: "方法一致性（阈值法 vs K-means）",
      customers: "客户数",
      compared: "参与比较",
      agreeing: "结果一致",
      rate: "一致率",
    },
    centroids: { title: "质心", cluster: "簇" },
    stored: "模型参数",
    key: "参数",
    value: "值",
    missing: "本次运行没有保存模型（etl.tier_models）",
    keys: {
      weights: "权重",
      cr: "一致性比率 CR",
      consistency: "一致性比率 CR",
      centroids: "质心",
      cluster_sizes: "聚类规模",
      agreement: "方法一致性",
      seed: "随机种子",
      method: "方法",
      stability: "稳定性（与上季度同级）",
      warm_start_from: "K-means 热启动自",
    } as Record<string, string>,
  },
  email: {
    subject: (q: string, run: string) => `客户分级报告 ${q}（运行 ${run}）`,
    greeting: "您好，",
    intro: (q: string, run: string) => `${q} 客户分级已完成（运行 ${run}）。`,
    totals: (customers: string, revenue: string) => `共 ${customers} 位客户，收入 ¥${revenue}。`,
    head: (share: string, top: string) => `前 ${top} 的客户贡献了 ${share} 的收入。`,
    columns: ["等级", "客户数", "客户占比", "收入(¥)", "收入占比", "上季度"],
    attached: (file: string) => `完整报告见附件 ${file}。`,
    tooLarge: (size: string, limit: string) => `报告文件 ${size}，超过邮件附件上限 ${limit}，未随邮件附上。`,
    whereFile: (path: string) => `文件位置：${path}`,
    whereDb: (run: string) => `数据仓库：etl.report_files（run_id = ${run}）`,
    signature: "—— retier 自动发送",
  },
};

export type Labels = typeof zh;

export function labelsFor(locale: Locale): Labels {
  return locale === "en" ? en : zh;
}

/** A tier's display name in the locale; the code itself for a tier the configuration does not know. */
export function tierName(
  tiers: readonly { code: string; zh: string; en: string }[],
  code: string,
  locale: Locale,
): string {
  const t = tiers.find((x) => x.code === code);
  if (!t) return code;
  return locale === "en" ? t.en : t.zh;
}
