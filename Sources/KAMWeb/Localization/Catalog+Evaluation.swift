/// Catalogue entries of the review calendar and evaluations, in all four languages side by side.
enum EvaluationCatalog {
    static let en: [String: String] = [
        "enum.evaluation_kind.plan_execution": "Plan execution review", "enum.evaluation_kind.customer": "Customer requalification",
        "enum.evaluation_kind.coverage": "Coverage review", "enum.evaluation_kind.strategy": "Strategy and tactics review",
        "enum.evaluation_kind.yearly": "Yearly assessment",
        "enum.anchoring.anchored": "Anchored to the previous due date", "enum.anchoring.floating": "From the day it was held",
        "enum.due_state.upcoming": "Upcoming", "enum.due_state.due_soon": "Due soon", "enum.due_state.overdue": "Overdue",
        "enum.evaluation_result.qualified": "Still qualifies", "enum.evaluation_result.disqualified": "No longer qualifies",
        "enum.evaluation_result.on_track": "On track", "enum.evaluation_result.adjust": "Needs adjusting",
        "problem.already_held": "This review has already been held", "error.already_held": "This review has already been recorded for that due date.",
        "problem.not_key_account": "Not a key account", "error.not_key_account": "Only key accounts are reviewed on the calendar.",
        "error.not_due": "The review due now is the one of %1.", "error.in_future": "This date is in the future.",
        "error.not_for_kind": "This result does not apply to a %1 review.", "error.before_review": "Due before the review was held.",
        "error.missing_kind": "Every kind of review needs a cadence (%1 is missing).",
    ]

    static let ja: [String: String] = [
        "enum.evaluation_kind.plan_execution": "計画実行レビュー", "enum.evaluation_kind.customer": "顧客再評価",
        "enum.evaluation_kind.coverage": "カバレッジレビュー", "enum.evaluation_kind.strategy": "戦略・戦術レビュー",
        "enum.evaluation_kind.yearly": "年次評価",
        "enum.anchoring.anchored": "前回の期日を起点", "enum.anchoring.floating": "実施日を起点",
        "enum.due_state.upcoming": "予定", "enum.due_state.due_soon": "期日間近", "enum.due_state.overdue": "期限超過",
        "enum.evaluation_result.qualified": "引き続き適格", "enum.evaluation_result.disqualified": "不適格",
        "enum.evaluation_result.on_track": "順調", "enum.evaluation_result.adjust": "要調整",
        "problem.already_held": "このレビューは実施済みです", "error.already_held": "この期日のレビューはすでに記録されています。",
        "problem.not_key_account": "重点顧客ではありません", "error.not_key_account": "カレンダーでレビューするのは重点顧客のみです。",
        "error.not_due": "現在期日のレビューは %1 のものです。", "error.in_future": "未来の日付です。",
        "error.not_for_kind": "この結果は %1 には使えません。", "error.before_review": "レビュー実施日より前の期日です。",
        "error.missing_kind": "すべてのレビュー種別に周期が必要です（%1 がありません）。",
    ]

    static let ko: [String: String] = [
        "enum.evaluation_kind.plan_execution": "계획 실행 검토", "enum.evaluation_kind.customer": "고객 재자격 심사",
        "enum.evaluation_kind.coverage": "커버리지 검토", "enum.evaluation_kind.strategy": "전략·전술 검토",
        "enum.evaluation_kind.yearly": "연간 평가",
        "enum.anchoring.anchored": "이전 기한 기준", "enum.anchoring.floating": "실시일 기준",
        "enum.due_state.upcoming": "예정", "enum.due_state.due_soon": "기한 임박", "enum.due_state.overdue": "기한 초과",
        "enum.evaluation_result.qualified": "계속 적격", "enum.evaluation_result.disqualified": "부적격",
        "enum.evaluation_result.on_track": "순조로움", "enum.evaluation_result.adjust": "조정 필요",
        "problem.already_held": "이미 실시한 검토입니다", "error.already_held": "이 기한의 검토는 이미 기록되었습니다.",
        "problem.not_key_account": "핵심 고객이 아닙니다", "error.not_key_account": "캘린더 검토는 핵심 고객만 대상입니다.",
        "error.not_due": "지금 기한인 검토는 %1 검토입니다.", "error.in_future": "미래 날짜입니다.",
        "error.not_for_kind": "이 결과는 %1에 쓸 수 없습니다.", "error.before_review": "검토 실시일보다 이른 기한입니다.",
        "error.missing_kind": "모든 검토 유형에 주기가 필요합니다 (%1 없음).",
    ]

    static let zh: [String: String] = [
        "enum.evaluation_kind.plan_execution": "计划执行评审", "enum.evaluation_kind.customer": "客户资格复核",
        "enum.evaluation_kind.coverage": "覆盖评审", "enum.evaluation_kind.strategy": "战略与战术评审",
        "enum.evaluation_kind.yearly": "年度考核",
        "enum.anchoring.anchored": "以上次到期日为准", "enum.anchoring.floating": "以实际评审日为准",
        "enum.due_state.upcoming": "即将进行", "enum.due_state.due_soon": "即将到期", "enum.due_state.overdue": "已逾期",
        "enum.evaluation_result.qualified": "仍然合格", "enum.evaluation_result.disqualified": "不再合格",
        "enum.evaluation_result.on_track": "进展正常", "enum.evaluation_result.adjust": "需要调整",
        "problem.already_held": "该评审已进行", "error.already_held": "该到期日的评审已记录。",
        "problem.not_key_account": "不是重点客户", "error.not_key_account": "只有重点客户按日历评审。",
        "error.not_due": "当前到期的评审是 %1 的评审。", "error.in_future": "该日期在未来。",
        "error.not_for_kind": "此结果不适用于%1。", "error.before_review": "到期日早于评审日。",
        "error.missing_kind": "每种评审都需要周期（缺少 %1）。",
    ]
}
