/// Catalogue entries of the strengthening stage's record, in all four languages side by side.
enum StrengtheningCatalog {
    static let en: [String: String] = [
        "strengthening.no_rate": "some without an exchange rate",
        "enum.governance_body.board": "Board", "enum.governance_body.steering_committee": "Steering committee",
        "enum.governance_body.advisory_board": "Advisory board",
        "strengthening.open": "Strengthening", "strengthening.title": "Strengthening the relationship with %1",
        "strengthening.ledger": "Mutual purchasing by year", "strengthening.no_ledger": "Nothing bought either way yet.",
        "strengthening.year": "Year", "strengthening.we_buy": "We buy from them", "strengthening.they_buy": "They buy from us",
        "strengthening.amount": "Amount", "strengthening.currency": "Currency", "strengthening.what": "What we bought",
        "strengthening.add_purchase": "Record a purchase from them", "strengthening.consulting": "Consulting on their processes",
        "strengthening.none": "None recorded.", "strengthening.engagement": "Engagement", "strengthening.lead": "Led by",
        "strengthening.from": "From", "strengthening.to": "To", "strengthening.scope": "Scope",
        "strengthening.add_engagement": "Add engagement", "strengthening.seats": "Board and steering-committee seats",
        "strengthening.body": "Body", "strengthening.holder": "Held by", "strengthening.note": "Note", "strengthening.add_seat": "Add seat",
    ]

    static let ja: [String: String] = [
        "strengthening.no_rate": "為替レートのない分を除く",
        "enum.governance_body.board": "取締役会", "enum.governance_body.steering_committee": "運営委員会",
        "enum.governance_body.advisory_board": "諮問委員会",
        "strengthening.open": "関係強化", "strengthening.title": "%1 との関係強化",
        "strengthening.ledger": "年別の相互購買", "strengthening.no_ledger": "まだどちらの購買もありません。",
        "strengthening.year": "年", "strengthening.we_buy": "当社の購入", "strengthening.they_buy": "顧客の購入",
        "strengthening.amount": "金額", "strengthening.currency": "通貨", "strengthening.what": "購入したもの",
        "strengthening.add_purchase": "顧客からの購入を記録", "strengthening.consulting": "顧客の業務プロセスへのコンサルティング",
        "strengthening.none": "記録はありません。", "strengthening.engagement": "案件", "strengthening.lead": "責任者",
        "strengthening.from": "開始", "strengthening.to": "終了", "strengthening.scope": "範囲",
        "strengthening.add_engagement": "案件を追加", "strengthening.seats": "取締役会・運営委員会の席",
        "strengthening.body": "機関", "strengthening.holder": "担当者", "strengthening.note": "メモ", "strengthening.add_seat": "席を追加",
    ]

    static let ko: [String: String] = [
        "strengthening.no_rate": "환율이 없는 금액 제외",
        "enum.governance_body.board": "이사회", "enum.governance_body.steering_committee": "운영위원회",
        "enum.governance_body.advisory_board": "자문위원회",
        "strengthening.open": "관계 강화", "strengthening.title": "%1 관계 강화",
        "strengthening.ledger": "연도별 상호 구매", "strengthening.no_ledger": "아직 양쪽 모두 구매가 없습니다.",
        "strengthening.year": "연도", "strengthening.we_buy": "당사 구매", "strengthening.they_buy": "고객 구매",
        "strengthening.amount": "금액", "strengthening.currency": "통화", "strengthening.what": "구매 내역",
        "strengthening.add_purchase": "고객으로부터의 구매 기록", "strengthening.consulting": "고객 프로세스 컨설팅",
        "strengthening.none": "기록이 없습니다.", "strengthening.engagement": "프로젝트", "strengthening.lead": "책임자",
        "strengthening.from": "시작", "strengthening.to": "종료", "strengthening.scope": "범위",
        "strengthening.add_engagement": "프로젝트 추가", "strengthening.seats": "이사회 및 운영위원회 참여",
        "strengthening.body": "기구", "strengthening.holder": "담당자", "strengthening.note": "메모", "strengthening.add_seat": "참여 추가",
    ]

    static let zh: [String: String] = [
        "strengthening.no_rate": "不含无汇率的部分",
        "enum.governance_body.board": "董事会", "enum.governance_body.steering_committee": "指导委员会",
        "enum.governance_body.advisory_board": "顾问委员会",
        "strengthening.open": "关系深化", "strengthening.title": "深化与 %1 的关系",
        "strengthening.ledger": "按年度的互相采购", "strengthening.no_ledger": "双方都还没有采购。",
        "strengthening.year": "年度", "strengthening.we_buy": "我方采购", "strengthening.they_buy": "客户采购",
        "strengthening.amount": "金额", "strengthening.currency": "币种", "strengthening.what": "采购内容",
        "strengthening.add_purchase": "记录向客户的采购", "strengthening.consulting": "为客户流程提供咨询",
        "strengthening.none": "暂无记录。", "strengthening.engagement": "咨询项目", "strengthening.lead": "负责人",
        "strengthening.from": "开始", "strengthening.to": "结束", "strengthening.scope": "范围",
        "strengthening.add_engagement": "添加咨询项目", "strengthening.seats": "董事会与指导委员会席位",
        "strengthening.body": "机构", "strengthening.holder": "担任人", "strengthening.note": "备注", "strengthening.add_seat": "添加席位",
    ]
}
