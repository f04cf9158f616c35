import Foundation

/// A name part in its script, its reading (furigana, romanisation, pinyin) and an ASCII form for e-mail.
struct DemoNamePart: Sendable {
    let text: String
    let reading: String?
    let ascii: String
    init(_ text: String, _ reading: String?, _ ascii: String) {
        self.text = text
        self.reading = reading
        self.ascii = ascii
    }
}

struct DemoOfficer: Sendable {
    let title: String
    let department: String
    init(_ title: String, _ department: String) {
        self.title = title
        self.department = department
    }
}

enum DemoLanguage: Sendable {
    case ja, ko, zh, en
}

/// Everything needed to make the people and opportunities of one region, in the region's language.
struct DemoPeopleWords: Sendable {
    let language: DemoLanguage
    let families: [DemoNamePart]
    let givens: [DemoNamePart]
    let topTitle: String
    let topDepartment: String
    let officers: [DemoOfficer]
    let managerTitles: [String]
    let staffTitles: [String]
    let hobbies: [String]
    let schools: [String]
    let employers: [String]
    let sources: [String]
    let notes: [String]
    let officeLabel: String
    let mobileLabel: String
    /// `#` stands for a random digit.
    let officePatterns: [String]
    let mobilePatterns: [String]
    let projects: [String]
    let currency: String
    /// Minor units of the smallest amount step (amounts are this times a round multiplier).
    let amountUnit: Int64
    let emailTLD: String

    /// The local part of an e-mail address in the region's usual style.
    func emailLocalPart(family: DemoNamePart, given: DemoNamePart) -> String {
        switch language {
        case .ja: String(given.ascii.prefix(1)) + "." + family.ascii
        case .zh: family.ascii + "." + given.ascii
        case .ko, .en: given.ascii + "." + family.ascii
        }
    }

    func opportunityName(project: String, year: Int) -> String {
        switch language {
        case .ja: "\(project)（\(year)年度）"
        case .ko: "\(year)년 \(project)"
        case .zh: "\(year)年\(project)"
        case .en: "\(project) \(year)"
        }
    }

    static func forRegion(_ region: Region) -> DemoPeopleWords {
        switch region {
        case .japan: japan
        case .korea: korea
        case .china: china
        case .europe: europe
        case .northAmerica, .other: northAmerica
        }
    }

    static let japan = DemoPeopleWords(
        language: .ja,
        families: [.init("田中", "タナカ", "tanaka"), .init("佐藤", "サトウ", "sato"), .init("鈴木", "スズキ", "suzuki"),
                   .init("高橋", "タカハシ", "takahashi"), .init("伊藤", "イトウ", "ito"), .init("渡辺", "ワタナベ", "watanabe"),
                   .init("山本", "ヤマモト", "yamamoto"), .init("中村", "ナカムラ", "nakamura"), .init("小林", "コバヤシ", "kobayashi"),
                   .init("加藤", "カトウ", "kato"), .init("吉田", "ヨシダ", "yoshida"), .init("山田", "ヤマダ", "yamada"),
                   .init("佐々木", "ササキ", "sasaki"), .init("山口", "ヤマグチ", "yamaguchi"), .init("松本", "マツモト", "matsumoto"),
                   .init("井上", "イノウエ", "inoue"), .init("木村", "キムラ", "kimura"), .init("林", "ハヤシ", "hayashi"),
                   .init("清水", "シミズ", "shimizu"), .init("森", "モリ", "mori"), .init("池田", "イケダ", "ikeda"),
                   .init("橋本", "ハシモト", "hashimoto"), .init("石川", "イシカワ", "ishikawa"), .init("前田", "マエダ", "maeda"),
                   .init("藤田", "フジタ", "fujita"), .init("岡田", "オカダ", "okada"), .init("長谷川", "ハセガワ", "hasegawa"),
                   .init("村上", "ムラカミ", "murakami")],
        givens: [.init("太郎", "タロウ", "taro"), .init("健一", "ケンイチ", "kenichi"), .init("誠", "マコト", "makoto"),
                 .init("浩二", "コウジ", "koji"), .init("大輔", "ダイスケ", "daisuke"), .init("直樹", "ナオキ", "naoki"),
                 .init("翔太", "ショウタ", "shota"), .init("拓也", "タクヤ", "takuya"), .init("隆", "タカシ", "takashi"),
                 .init("修", "オサム", "osamu"), .init("恵子", "ケイコ", "keiko"), .init("裕子", "ユウコ", "yuko"),
                 .init("美咲", "ミサキ", "misaki"), .init("陽子", "ヨウコ", "yoko"), .init("明美", "アケミ", "akemi"),
                 .init("真由美", "マユミ", "mayumi"), .init("彩", "アヤ", "aya"), .init("さくら", "サクラ", "sakura"),
                 .init("由紀", "ユキ", "yuki"), .init("智子", "トモコ", "tomoko")],
        topTitle: "代表取締役社長", topDepartment: "取締役会",
        officers: [.init("常務執行役員 CIO", "情報システム部"), .init("取締役 CFO", "財務部"), .init("執行役員", "経営企画部"),
                   .init("執行役員", "購買部"), .init("常務取締役", "営業本部"), .init("執行役員 CDO", "デジタル推進室")],
        managerTitles: ["部長", "部長代理"], staffTitles: ["課長", "係長", "主任", "担当"],
        hobbies: ["ゴルフ", "釣り", "囲碁", "将棋", "マラソン", "登山", "茶道", "日本酒", "野球観戦", "写真"],
        schools: ["東京大学 経済学部", "京都大学 工学部", "早稲田大学 商学部", "慶應義塾大学 法学部", "大阪大学 基礎工学部",
                  "一橋大学 商学部", "東北大学 工学部"],
        employers: ["大和田商事", "東雲システムズ", "北斗通信", "外資系コンサルティング会社", "大手都市銀行", "総合電機メーカー"],
        sources: ["本人との会食", "名刺交換時の会話", "展示会での立ち話", "社内報", "共通の知人"],
        notes: ["決裁権を持つ。", "技術的な話を好む。", "価格に厳しい。", "競合他社と長い付き合いがある。", "朝の打ち合わせを好む。"],
        officeLabel: "会社", mobileLabel: "携帯",
        officePatterns: ["+81 3-####-####", "+81 6-####-####", "+81 52-###-####"],
        mobilePatterns: ["+81 90-####-####", "+81 80-####-####"],
        projects: ["勘定系システム更改", "基幹システム刷新", "ネットワーク更改", "データセンター移設", "クラウド移行",
                   "セキュリティ強化", "コールセンター高度化", "生産管理システム導入", "データ分析基盤構築", "保守サービス更新"],
        currency: "JPY", amountUnit: 10_000_000, emailTLD: "jp")

    static let korea = DemoPeopleWords(
        language: .ko,
        families: [.init("김", "Kim", "kim"), .init("이", "Lee", "lee"), .init("박", "Park", "park"), .init("최", "Choi", "choi"),
                   .init("정", "Jung", "jung"), .init("강", "Kang", "kang"), .init("조", "Cho", "cho"), .init("윤", "Yoon", "yoon"),
                   .init("장", "Jang", "jang"), .init("임", "Lim", "lim"), .init("한", "Han", "han"), .init("오", "Oh", "oh"),
                   .init("서", "Seo", "seo"), .init("신", "Shin", "shin"), .init("권", "Kwon", "kwon"), .init("황", "Hwang", "hwang"),
                   .init("안", "Ahn", "ahn"), .init("송", "Song", "song"), .init("류", "Ryu", "ryu"), .init("홍", "Hong", "hong")],
        givens: [.init("민준", "Minjun", "minjun"), .init("서준", "Seojun", "seojun"), .init("지훈", "Jihoon", "jihoon"),
                 .init("현우", "Hyunwoo", "hyunwoo"), .init("성호", "Sungho", "sungho"), .init("동현", "Donghyun", "donghyun"),
                 .init("준호", "Junho", "junho"), .init("영수", "Youngsoo", "youngsoo"), .init("상철", "Sangcheol", "sangcheol"),
                 .init("재원", "Jaewon", "jaewon"), .init("민지", "Minji", "minji"), .init("서연", "Seoyeon", "seoyeon"),
                 .init("지은", "Jieun", "jieun"), .init("수진", "Sujin", "sujin"), .init("혜진", "Hyejin", "hyejin"),
                 .init("은정", "Eunjung", "eunjung"), .init("유나", "Yuna", "yuna"), .init("하은", "Haeun", "haeun"),
                 .init("지수", "Jisoo", "jisoo"), .init("미경", "Mikyung", "mikyung")],
        topTitle: "대표이사", topDepartment: "경영진",
        officers: [.init("전무 CIO", "IT본부"), .init("상무 CFO", "재무본부"), .init("상무", "경영기획실"),
                   .init("상무", "구매팀"), .init("전무", "영업본부"), .init("상무 CDO", "디지털혁신실")],
        managerTitles: ["본부장", "팀장"], staffTitles: ["부장", "차장", "과장", "대리"],
        hobbies: ["골프", "등산", "낚시", "바둑", "마라톤", "야구 관람", "와인", "사진"],
        schools: ["서울대학교 경영학과", "연세대학교 공과대학", "고려대학교 경제학과", "KAIST 전산학부", "성균관대학교 경영학과",
                  "한양대학교 공과대학"],
        employers: ["한빛전자", "새누리통신", "외국계 컨설팅사", "대형 시중은행", "종합상사"],
        sources: ["본인과의 식사 자리", "업계 세미나", "공통 지인", "회사 홈페이지", "명함 교환 시 대화"],
        notes: ["최종 결정권자.", "기술적인 대화를 선호.", "가격에 민감함.", "경쟁사와 오랜 관계.", "오전 미팅 선호."],
        officeLabel: "회사", mobileLabel: "휴대폰",
        officePatterns: ["+82 2-####-####", "+82 31-###-####", "+82 51-###-####"],
        mobilePatterns: ["+82 10-####-####"],
        projects: ["계정계 시스템 교체", "차세대 ERP 구축", "네트워크 고도화", "데이터센터 이전", "클라우드 전환",
                   "정보보호 강화", "콜센터 고도화", "스마트 팩토리 구축", "데이터 분석 플랫폼 구축", "유지보수 계약 갱신"],
        currency: "KRW", amountUnit: 100_000_000, emailTLD: "kr")

    static let china = DemoPeopleWords(
        language: .zh,
        families: [.init("王", "Wáng", "wang"), .init("李", "Lǐ", "li"), .init("张", "Zhāng", "zhang"), .init("刘", "Liú", "liu"),
                   .init("陈", "Chén", "chen"), .init("杨", "Yáng", "yang"), .init("黄", "Huáng", "huang"), .init("赵", "Zhào", "zhao"),
                   .init("吴", "Wú", "wu"), .init("周", "Zhōu", "zhou"), .init("徐", "Xú", "xu"), .init("孙", "Sūn", "sun"),
                   .init("马", "Mǎ", "ma"), .init("朱", "Zhū", "zhu"), .init("胡", "Hú", "hu"), .init("郭", "Guō", "guo"),
                   .init("何", "Hé", "he"), .init("林", "Lín", "lin"), .init("高", "Gāo", "gao"), .init("罗", "Luó", "luo")],
        givens: [.init("伟", "Wěi", "wei"), .init("磊", "Lěi", "lei"), .init("强", "Qiáng", "qiang"), .init("军", "Jūn", "jun"),
                 .init("洋", "Yáng", "yang"), .init("勇", "Yǒng", "yong"), .init("建华", "Jiànhuá", "jianhua"),
                 .init("志明", "Zhìmíng", "zhiming"), .init("海涛", "Hǎitāo", "haitao"), .init("晓东", "Xiǎodōng", "xiaodong"),
                 .init("静", "Jìng", "jing"), .init("敏", "Mǐn", "min"), .init("丽", "Lì", "li"), .init("芳", "Fāng", "fang"),
                 .init("娜", "Nà", "na"), .init("秀英", "Xiùyīng", "xiuying"), .init("婷婷", "Tíngting", "tingting"),
                 .init("雪梅", "Xuěméi", "xuemei"), .init("慧", "Huì", "hui"), .init("晨", "Chén", "chen")],
        topTitle: "董事长兼总经理", topDepartment: "总经理办公室",
        officers: [.init("首席信息官", "信息技术部"), .init("财务总监", "财务部"), .init("副总经理", "战略规划部"),
                   .init("采购总监", "采购部"), .init("销售副总裁", "销售部"), .init("首席数字官", "数字化转型办公室")],
        managerTitles: ["部门经理", "副经理"], staffTitles: ["主管", "高级工程师", "专员", "项目经理"],
        hobbies: ["高尔夫", "乒乓球", "书法", "茶艺", "钓鱼", "登山", "围棋", "摄影"],
        schools: ["清华大学 计算机系", "北京大学 光华管理学院", "复旦大学 经济学院", "上海交通大学 电子信息学院",
                  "浙江大学 管理学院", "中国人民大学 商学院"],
        employers: ["华星通信", "东明电子", "外资咨询公司", "国有大型银行", "互联网公司"],
        sources: ["本人交流", "行业峰会", "共同朋友", "公司官网", "商务宴请"],
        notes: ["拥有最终决策权。", "偏好技术交流。", "对价格敏感。", "与竞争对手关系密切。", "喜欢上午开会。"],
        officeLabel: "办公", mobileLabel: "手机",
        officePatterns: ["+86 10 #### ####", "+86 21 #### ####", "+86 755 #### ####"],
        mobilePatterns: ["+86 138 #### ####", "+86 139 #### ####", "+86 186 #### ####"],
        projects: ["核心系统升级", "ERP系统建设", "网络改造", "数据中心迁移", "云平台迁移", "网络安全加固", "客服中心升级",
                   "智能工厂建设", "大数据平台建设", "运维服务续约"],
        currency: "CNY", amountUnit: 50_000_000, emailTLD: "cn")

    static let englishOfficers: [DemoOfficer] = [
        .init("Chief Information Officer", "IT"), .init("Chief Financial Officer", "Finance"),
        .init("Chief Operating Officer", "Operations"), .init("Head of Procurement", "Procurement"),
        .init("Chief Commercial Officer", "Sales"), .init("Chief Digital Officer", "Digital Transformation"),
    ]
    static let englishStaff = ["Manager", "Team Lead", "Senior Specialist", "Enterprise Architect", "Analyst"]
    static let englishHobbies = ["Golf", "Sailing", "Marathon running", "Cycling", "Chess", "Wine", "Skiing", "Photography"]
    static let englishSources = ["Conversation at dinner", "Professional networking profile", "Industry conference",
                                 "Mutual acquaintance", "Company website"]
    static let englishNotes = ["Final decision maker.", "Prefers technical discussions.", "Very price-sensitive.",
                               "Long-standing ties to a competitor.", "Prefers morning meetings."]
    static let englishProjects = ["Core banking replacement", "ERP modernisation", "Network refresh", "Data centre migration",
                                  "Cloud migration", "Security hardening", "Contact centre upgrade", "Smart factory rollout",
                                  "Analytics platform", "Support renewal"]

    static let europe = DemoPeopleWords(
        language: .en,
        families: [.init("Müller", nil, "mueller"), .init("Schmidt", nil, "schmidt"), .init("Schneider", nil, "schneider"),
                   .init("Fischer", nil, "fischer"), .init("Weber", nil, "weber"), .init("Becker", nil, "becker"),
                   .init("Dubois", nil, "dubois"), .init("Martin", nil, "martin"), .init("Lefèvre", nil, "lefevre"),
                   .init("Moreau", nil, "moreau"), .init("Rossi", nil, "rossi"), .init("Bianchi", nil, "bianchi"),
                   .init("García", nil, "garcia"), .init("Fernández", nil, "fernandez"), .init("de Vries", nil, "devries"),
                   .init("Jansen", nil, "jansen"), .init("Johansson", nil, "johansson"), .init("Nielsen", nil, "nielsen"),
                   .init("Kowalski", nil, "kowalski"), .init("Novák", nil, "novak")],
        givens: [.init("Thomas", nil, "thomas"), .init("Anna", nil, "anna"), .init("Stefan", nil, "stefan"),
                 .init("Julia", nil, "julia"), .init("Pierre", nil, "pierre"), .init("Claire", nil, "claire"),
                 .init("Marco", nil, "marco"), .init("Giulia", nil, "giulia"), .init("Javier", nil, "javier"),
                 .init("Lucía", nil, "lucia"), .init("Lars", nil, "lars"), .init("Ingrid", nil, "ingrid"),
                 .init("Jan", nil, "jan"), .init("Sophie", nil, "sophie"), .init("Matthias", nil, "matthias"),
                 .init("Élodie", nil, "elodie"), .init("Katarzyna", nil, "katarzyna"), .init("Piotr", nil, "piotr"),
                 .init("Henrik", nil, "henrik"), .init("Elena", nil, "elena")],
        topTitle: "Chief Executive Officer", topDepartment: "Executive Board",
        officers: englishOfficers, managerTitles: ["Director", "Senior Manager"], staffTitles: englishStaff,
        hobbies: englishHobbies,
        schools: ["TU München, Informatik", "ETH Zürich", "HEC Paris", "Politecnico di Milano",
                  "Universidad Complutense de Madrid", "TU Delft", "Uppsala universitet"],
        employers: ["Rhein Consulting GmbH", "Lumen Systems GmbH", "a global consulting firm", "Baltic Telecom SA",
                    "a large retail bank"],
        sources: englishSources, notes: englishNotes,
        officeLabel: "office", mobileLabel: "mobile",
        officePatterns: ["+49 30 #### ####", "+33 1 ## ## ## ##", "+39 02 #### ####", "+31 20 ### ####", "+46 8 ### ### ##"],
        mobilePatterns: ["+49 151 #### ####", "+33 6 ## ## ## ##", "+39 347 ### ####"],
        projects: englishProjects, currency: "EUR", amountUnit: 10_000_000, emailTLD: "eu")

    static let northAmerica = DemoPeopleWords(
        language: .en,
        families: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
                   "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker"]
            .map { DemoNamePart($0, nil, $0.lowercased()) },
        givens: ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
                 "William", "Susan", "Richard", "Jessica", "Daniel", "Sarah", "Matthew", "Karen", "Christopher", "Emily"]
            .map { DemoNamePart($0, nil, $0.lowercased()) },
        topTitle: "Chief Executive Officer", topDepartment: "Executive Board",
        officers: englishOfficers, managerTitles: ["Vice President", "Director"], staffTitles: englishStaff,
        hobbies: englishHobbies,
        schools: ["MIT, Computer Science", "Stanford University, MBA", "University of Michigan", "Georgia Tech",
                  "NYU Stern School of Business", "University of Toronto"],
        employers: ["Summit Technologies Inc.", "a Big Four consulting firm", "Pacific National Bank",
                    "Keystone Wireless Corp", "Redwood Software"],
        sources: englishSources, notes: englishNotes,
        officeLabel: "office", mobileLabel: "mobile",
        officePatterns: ["+1 (212) 555-01##", "+1 (312) 555-01##", "+1 (416) 555-01##", "+1 (206) 555-01##"],
        mobilePatterns: ["+1 (646) 555-01##", "+1 (415) 555-01##"],
        projects: englishProjects, currency: "USD", amountUnit: 10_000_000, emailTLD: "com")
}
