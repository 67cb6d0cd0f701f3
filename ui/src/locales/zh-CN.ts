/**
 * Every sentence the user reads. The product is Chinese only; nothing user-facing is written in a
 * component, a page or a store. Sentences that carry numbers are functions.
 */

/** How the UI names an error code: a title, and a message when the back end's own is not better. */
export interface ErrorText {
  title: string
  /** Used instead of the back end's message (codes outside file.* and db.*) or when it sent none. */
  message?: string
}

export const zhCN = {
  app: {
    name: '驻村工作台',
    opening: '正在打开本机数据…',
    openFailed: '无法打开本机数据',
    retry: '重试',
    villagePicker: '选择村',
    status: (households: number, persons: number) => `${households} 户 · ${persons} 人`,
    statusTitle: '当前村的农户数和人数',
    noData: '还没有农户数据',
  },

  nav: {
    label: '主菜单',
    households: '农户',
    roster: '花名册',
  },

  start: {
    welcome: '欢迎使用驻村工作台',
    intro:
      '驻村工作台帮助驻村工作队管好本村农户：导入县里下发的花名册，随时查找农户、家庭成员和结对帮扶情况。所有数据只保存在这台电脑上。',
    firstStep: '先把农户数据放进来：',
    importTitle: '导入花名册',
    importHint: '选择县里下发的花名册（Excel 或 CSV），先预览，确认后才写入。',
    demoTitle: '使用演示数据',
    demoHint: '载入一个约 300 户的演示村，先熟悉软件的用法。',
    demoLoading: '正在载入演示数据…',
    demoDone: (households: number, persons: number) => `已载入演示数据：${households} 户，${persons} 人。`,
    templateLink: '下载空白花名册模板',
    templateSaved: (path: string) => `空白模板已保存到 ${path}`,
  },

  households: {
    title: '农户',
    searchPlaceholder: '搜索姓名、户编号或证件号后几位',
    searchLabel: '搜索农户',
    searchShortcut: '按 / 键可直接搜索',
    group: '组',
    allGroups: '全部组',
    groupOption: (name: string, households: number) => `${name}（${households} 户）`,
    category: '户类别',
    tier: '帮扶层级',
    all: '全部',
    withCount: (label: string, count: number) => `${label} ${count}`,
    loadFailed: '农户列表没有加载出来',
    emptyFiltered: '没有找到符合条件的农户',
    emptyVillage: '本村还没有农户',
    clearFilters: '清除筛选',
    openHint: '点击一行或按回车键打开农户',
    tableLabel: '农户列表',
    pageSize: (size: number) => `${size}条/页`,
    pageSizeLabel: '每页条数',
    columns: {
      number: '户编号',
      group: '组',
      head: '户主',
      headId: '户主证件号',
      members: '人数',
      category: '户类别',
      risk: '风险状态',
      tier: '帮扶层级',
      cadre: '帮扶责任人',
      flags: '标记',
    },
  },

  household: {
    back: '返回农户列表',
    backHint: '按 Esc 键返回',
    loadFailed: '农户信息没有加载出来',
    number: '户编号',
    place: '所在村组',
    category: '户类别',
    monitorCategory: '监测类型',
    identifiedOn: '识别日期',
    risk: '风险状态',
    eliminatedOn: (status: string, date: string) => `${status}（${date}消除）`,
    categoryWith: (category: string, monitor: string) => `${category}（${monitor}）`,
    tier: '帮扶层级',
    tierBFrom: (date: string) => `将于 ${date} 转入巩固联系`,
    flags: '标记',
    phone: '联系电话',
    members: '家庭成员',
    membersCount: (n: number) => `${n} 人`,
    formerMembers: '已减少的成员',
    leftOn: '减少日期',
    pairing: '结对帮扶',
    currentCadre: '当前帮扶责任人',
    noCadre: '还没有结对帮扶责任人',
    cadreUnit: '单位',
    cadrePhone: '电话',
    history: '结对历史',
    period: (start: string, end: string | null) => (end ? `${start} 至 ${end}` : `${start} 起至今`),
    current: '当前',
    columns: {
      name: '姓名',
      relation: '与户主关系',
      sex: '性别',
      age: '年龄',
      ageValue: (age: number) => `${age} 岁`,
      birth: '出生日期',
      id: '证件号码',
      labour: '劳动技能',
      health: '健康状况',
      schooling: '在校情况',
    },
    disability: (category: string, grade: string) => `残疾（${category}类${grade}级）`,
    disabilityWith: (health: string, category: string, grade: string) =>
      `${health}，残疾（${category}类${grade}级）`,
  },

  risk: {
    status: (status: string) => `风险${status}`,
  },

  flags: {
    away: '全家外出',
    noLabour: '整户无劳动能力',
  },

  roster: {
    title: '花名册',
    importTitle: '导入花名册',
    importIntro:
      '选择县里下发的花名册（.xlsx、.xls 或 .csv）。软件先检查并预览要做的改动，您确认后才写入；不确认就什么都不会改。',
    chooseFile: '选择花名册文件',
    chooseAnother: '换一个文件',
    checking: '正在检查花名册…',
    importing: '正在导入…',
    confirm: '确认导入',
    cancel: '放弃',
    previewTitle: '导入预览（还没有写入）',
    doneTitle: '导入完成',
    doneSummary: (households: number, persons: number) => `花名册中的 ${households} 户、${persons} 人已导入。`,
    viewHouseholds: '查看农户',
    importAnother: '再导入一份',
    exportTitle: '导出花名册',
    exportIntro: '把本机的花名册导出为 Excel 工作簿，可交给乡镇或用 U 盘带走。',
    exportVillage: '导出范围',
    allVillages: '全部村',
    exportButton: '导出',
    exporting: '正在导出…',
    exportDone: (households: number, persons: number) => `已导出 ${households} 户、${persons} 人`,
    exportFileName: (village: string | null) => (village ? `${village}花名册.xlsx` : '花名册.xlsx'),
    savedTo: (path: string) => `保存位置：${path}`,
    templateTitle: '空白模板',
    templateIntro: '按模板的列填写花名册，导入时最不容易出错。',
    templateButton: '保存空白模板',
    templateFileName: '花名册模板.xlsx',
    templateSaved: '空白模板已保存',
    noVillages: '还没有村的数据，导入花名册后才能导出。',
  },

  report: {
    file: '文件',
    format: '格式',
    encoding: '编码',
    sheet: '工作表',
    formats: {
      xlsx: 'Excel 工作簿（.xlsx）',
      xls: 'Excel 97-2003 工作簿（.xls）',
      csv: 'CSV 文本',
      demo: '演示数据',
    } as Record<string, string>,
    rows: '数据行',
    households: '户数',
    persons: '人数',
    countsTitle: '将要做的改动',
    countsTitleDone: '做了的改动',
    counts: {
      households_added: '新增农户',
      households_changed: '变更农户',
      households_unchanged: '未变农户',
      persons_added: '新增成员',
      persons_changed: '变更成员',
      persons_left: '减少成员',
      pairings_started: '新建结对',
      pairings_ended: '结束结对',
      cadres_added: '新增帮扶干部',
      divisions_added: '新增村组',
    },
    ignoredColumns: '没有用到的列',
    ignoredHint: '这些列不是花名册的标准列，导入时会跳过。',
    changesTitle: '字段变更',
    changesMore: (shown: number, total: number) => `共 ${total} 处变更，这里列出前 ${shown} 处。`,
    changesNone: '没有字段变更。',
    changeColumns: {
      household: '户编号',
      person: '成员',
      field: '项目',
      before: '原值',
      after: '新值',
    },
    refused: (n: number) => `发现 ${n} 处问题，没有导入任何数据`,
    refusedHint: '请按“改正方法”修改花名册后重新选择文件。',
    issuesMore: (n: number) => `另有 ${n} 处未列出`,
    issueColumns: {
      row: '行',
      column: '列',
      value: '值',
      problem: '问题',
      fix: '改正方法',
    },
    wholeFile: '整个文件',
    emptyValue: '（空）',
    issuesTitle: '问题清单',
  },

  /** Names of the file kinds in the open/save dialogs. */
  dialogs: {
    rosterFiles: '花名册',
    workbooks: 'Excel 工作簿',
  },

  common: {
    none: '—',
    loading: '加载中…',
    retry: '重试',
    yes: '是',
    no: '否',
  },

  /** Titles (and for some codes the message) of the error codes that cross IPC. */
  errors: {
    'db.open': { title: '无法打开数据库' },
    'db.not_database': { title: '数据文件不是本软件的数据库' },
    'db.too_new': { title: '数据来自更新版本的驻村工作台' },
    'db.migration': { title: '数据升级失败' },
    'db.not_found': { title: '没有找到这条记录' },
    'db.bad_column': { title: '数据库中有无法识别的数据' },
    'db.sqlite': { title: '数据库出错' },
    'file.io': { title: '无法读取文件' },
    'file.empty': { title: '文件是空的' },
    'file.too_large': { title: '文件太大' },
    'file.not_spreadsheet': { title: '这不是表格文件' },
    'file.bad_workbook': { title: '无法读取这个 Excel 工作簿' },
    'file.bad_csv': { title: '无法读取这个 CSV 文件' },
    'file.write': { title: '无法保存文件' },
    'arg.bad': {
      title: '操作参数不对',
      message: '软件收到了不对的操作参数。请返回上一页重试；问题仍在时，请联系技术支持。',
    },
    'ipc.unavailable': {
      title: '没有连上软件后台',
      message: '界面没有连上软件后台。请关闭后重新打开驻村工作台。',
    },
    'ipc.unknown': {
      title: '出了点问题',
      message: '操作没有完成，出了点问题。请重试；问题仍在时，请联系技术支持。',
    },
  } as Record<string, ErrorText>,
}

export type Messages = typeof zhCN
