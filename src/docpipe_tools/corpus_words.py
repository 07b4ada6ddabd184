"""Word lists of the synthetic corpus generator (docpipe_tools.corpus), one lexicon per language.

Written for this project, not taken from any corpus: small town-news phrases (a council, a budget,
a bridge, a festival) in seven languages, enough for a sentence grammar whose output a language
identifier recognises. Phrases are pre-inflected so that any subject fits any verb: German,
Portuguese and Russian subjects are plural, Korean and Japanese ones carry their particle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lexicon:
    """Everything the generator writes in one language."""

    code: str
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]  # past tense, agreeing with every subject
    objects: tuple[str, ...]
    times: tuple[str, ...]
    places: tuple[str, ...]
    openers: tuple[str, ...]  # sentence-initial connectives, written with their comma
    # Sentence patterns over {subject} {verb} {object} {time} {place} {opener} {name} {number}.
    patterns: tuple[str, ...]
    names: tuple[str, ...]  # bylines and comment authors
    nav: tuple[str, ...]  # menu items
    site_parts: tuple[tuple[str, ...], tuple[str, ...]]  # a site name is first + second
    by: str  # byline prefix; "" when the language puts the name alone
    comments_heading: str  # {n}: number of comments
    related_marker: str
    reactions: tuple[str, ...]  # short reader comments
    share: tuple[str, ...]  # share and subscription lines
    footer: tuple[str, ...]  # {site}, {year}
    date: str  # strftime-like pattern over {d} {m} {y} {month}
    months: tuple[str, ...] = ()
    headline: str = "{subject} {verb} {object}"
    space: str = " "  # between sentences


# The word lists are packed by hand, several items to a line.
# fmt: off
EN = Lexicon(
    code="en",
    subjects=(
        "the city council", "local residents", "a team of researchers", "officials at the ministry",
        "the railway company", "farmers in the valley", "doctors at the regional hospital",
        "the new mayor", "university students", "fishermen at the harbour", "the teachers' union",
        "the water authority", "a group of volunteers", "the museum director",
        "shop owners on the high street", "the fire brigade", "the county planning board",
        "parents at the primary school", "the bus operator", "a committee of engineers",
    ),
    verbs=(
        "approved", "discussed", "announced", "postponed", "supported", "criticised", "reviewed",
        "rejected", "proposed", "questioned", "welcomed", "examined", "defended", "delayed",
    ),
    objects=(
        "the new budget", "a plan to repair the schools", "the bus timetable",
        "the preparations for the summer festival", "a rise in water charges",
        "an inspection of the old bridge", "the closure of the night clinic",
        "a scheme to plant trees along the river", "the cost of the new library",
        "the rules for street parking", "a proposal to extend the tram line",
        "the report on flood defences", "plans for a second fire station",
        "the contract for school meals", "a study of air quality near the motorway",
        "the opening hours of the swimming pool", "the sale of land near the station",
    ),
    times=(
        "on Monday", "on Tuesday evening", "last autumn", "this week", "last month",
        "before the end of the year", "early on Friday", "after months of delay", "in March",
        "over the weekend", "at a meeting on Thursday",
    ),
    places=(
        "in the town hall", "at the station square", "in the park by the river",
        "in a village to the north", "at the central library", "in the old market hall",
        "near the harbour", "across the county", "in the eastern districts",
    ),
    openers=(
        "However,", "Meanwhile,", "In the end,", "At the same time,", "According to the minutes,",
        "For many people,", "Even so,", "Last year,",
    ),
    patterns=(
        "{subject} {verb} {object} {place} {time}.", "{subject} {verb} {object} {time}.",
        "{opener} {subject} {verb} {object}.", "{time}, {subject} {verb} {object} {place}.",
        "“We have waited a long time for this,” said {name}, who spoke {place} {time}.",
        "{subject} {verb} {object}, and {subject} {verb} {object} {time}.",
        "The plan would cost about {number} million pounds, according to {subject}.",
        "It was not clear whether {subject} would return to the question {time}.",
        "{name} said that {subject} {verb} {object} without asking the public.",
        "More than {number} people signed a letter after {subject} {verb} {object}.",
    ),
    names=tuple(
        f"{first} {last}"
        for first in ("Anna", "Ben", "Clara", "David", "Emma", "Frank", "Grace", "Henry",
                      "Iris", "Jack", "Laura", "Martin", "Nora", "Oliver", "Paula", "Ryan")
        for last in ("Walker", "Bennett", "Hughes", "Morgan", "Price", "Fletcher", "Dawson",
                     "Harper", "Lloyd", "Marsh", "Reid", "Shaw", "Turner", "Wells")
    ),
    nav=(
        "Home", "News", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Analysis",
        "Latest", "Local", "Weather", "Science", "Health", "Video", "Podcasts", "Education",
        "Travel", "Letters", "Archive",
    ),
    site_parts=(
        (
            "Northern", "Riverside", "Daily", "Weekly", "Coastal", "Metro", "Valley", "Highland",
            "Lakeside", "Evening", "County", "Harbour",
        ),
        (
            "Courier", "Gazette", "Ledger", "Herald", "Post", "Chronicle", "Observer", "Tribune",
            "Dispatch", "Review", "Standard", "Times",
        ),
    ),
    by="By",
    comments_heading="{n} Comments",
    related_marker="Related",
    reactions=(
        "Great article, thanks for sharing.", "I could not agree more.",
        "This is the third time they have changed the plan.", "Who is going to pay for it?",
        "Finally some good news for the town.", "The buses were late again this morning.",
        "My children go to that school and the roof has leaked for years.",
        "Does anyone know when the next meeting is?", "Well written and fair to both sides.",
        "They should have asked the people who live there first.",
    ),
    share=(
        "Share this article", "Follow us on social media", "Subscribe to our newsletter",
        "Liked it? Take a second to support {site} on Patreon!", "Click to comment",
        "Advertisement",
    ),
    footer=(
        "{site} Newsletter", "Copyright © {year} {site}. All rights reserved.", "Privacy Policy",
        "Terms of Use", "Contact us", "About {site}",
    ),
    date="{month} {d}, {y}",
    months=(
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
)

DE = Lexicon(
    code="de",
    subjects=(
        "die Stadträte", "die Anwohner", "die Forscher der Universität",
        "die Beamten des Ministeriums", "die Vertreter der Bahn", "die Landwirte im Tal",
        "die Ärzte des Krankenhauses", "die Studenten", "die Fischer am Hafen",
        "die Lehrer der Grundschule", "die Mitglieder des Vereins", "die Eltern",
    ),
    verbs=(
        "diskutierten", "genehmigten", "verschoben", "unterstützten", "kritisierten", "überprüften",
        "forderten", "begrüßten", "verteidigten", "planten",
    ),
    objects=(
        "den neuen Haushalt", "den Plan für die Sanierung der Schulen", "den Fahrplan der Busse",
        "die Vorbereitungen für das Stadtfest", "die Erhöhung der Wasserpreise",
        "die Prüfung der alten Brücke", "den Bau eines neuen Radwegs",
        "die Schließung der Nachtklinik", "die Kosten der neuen Bibliothek",
        "die Regeln für das Parken in der Innenstadt",
    ),
    times=(
        "am Montag", "im vergangenen Herbst", "in dieser Woche", "im letzten Monat",
        "bis zum nächsten Frühjahr", "am Freitagabend", "nach langer Verzögerung",
    ),
    places=(
        "im Rathaus", "auf dem Platz vor dem Bahnhof", "im Park am Fluss",
        "in einem Dorf im Norden", "in der Stadtbibliothek", "in der alten Markthalle",
    ),
    openers=(
        "Allerdings", "Inzwischen", "Am Ende", "Gleichzeitig", "Nach Angaben der Stadt",
    ),
    patterns=(
        "{subject} {verb} {time} {place} {object}.", "{subject} {verb} {time} {object}.",
        "{opener} {verb} {subject} {object}.",
        "„Darauf haben wir lange gewartet“, sagte {name} {time} {place}.",
        "{subject} {verb} {object}, und {subject} {verb} {time} {object}.",
        "Der Plan soll rund {number} Millionen Euro kosten, wie {subject} mitteilten.",
        "Ob {subject} {time} erneut darüber sprechen, blieb unklar.",
    ),
    names=(
        "Jonas Becker", "Lena Hoffmann", "Felix Krüger", "Miriam Lehmann", "Stefan Neumann",
        "Katrin Schröder", "Lukas Vogel", "Sabine Wagner", "Tobias Richter", "Julia Keller",
    ),
    nav=(
        "Startseite", "Nachrichten", "Politik", "Wirtschaft", "Sport", "Kultur", "Meinung",
        "Region", "Wetter", "Wissen", "Gesundheit", "Reisen", "Leserbriefe", "Archiv",
    ),
    site_parts=(
        (
            "Nord", "Süd", "Rhein", "Tal", "Stadt", "Land", "Hafen", "Berg",
        ),
        (
            "kurier", "bote", "zeitung", "anzeiger", "rundschau", "blatt",
        ),
    ),
    by="Von",
    comments_heading="{n} Kommentare",
    related_marker="Mehr zum Thema",
    reactions=(
        "Danke für den guten Artikel.", "Das sehe ich genauso.", "Wer soll das bezahlen?",
        "Der Bus kam heute wieder zu spät.", "Endlich passiert etwas in unserer Stadt.",
        "Man hätte die Anwohner vorher fragen sollen.",
    ),
    share=(
        "Artikel teilen", "Newsletter abonnieren", "Anzeige", "Folgen Sie uns",
    ),
    footer=(
        "Impressum", "Datenschutz", "© {year} {site}. Alle Rechte vorbehalten.", "Kontakt",
    ),
    date="{d:02d}.{m:02d}.{y}",
)

PT = Lexicon(
    code="pt",
    subjects=(
        "os vereadores", "os moradores do bairro", "os pesquisadores da universidade",
        "os técnicos do ministério", "os representantes da ferrovia", "os agricultores do vale",
        "os médicos do hospital", "os estudantes", "os pescadores do porto",
        "os professores da escola", "os voluntários", "os comerciantes da rua principal",
    ),
    verbs=(
        "discutiram", "aprovaram", "apresentaram", "adiaram", "apoiaram", "criticaram", "revisaram",
        "rejeitaram", "defenderam", "anunciaram",
    ),
    objects=(
        "o novo orçamento", "o plano de reforma das escolas", "os horários dos ônibus",
        "os preparativos para a festa de verão", "o aumento da tarifa de água",
        "a inspeção da ponte antiga", "a construção de uma nova ciclovia",
        "o fechamento da clínica noturna", "o custo da nova biblioteca",
    ),
    times=(
        "na segunda-feira", "no outono passado", "nesta semana", "no mês passado",
        "até a próxima primavera", "na sexta-feira à noite", "depois de meses de atraso",
    ),
    places=(
        "na prefeitura", "na praça da estação", "no parque junto ao rio", "numa vila do norte",
        "na biblioteca central", "no antigo mercado",
    ),
    openers=(
        "No entanto,", "Enquanto isso,", "No fim,", "Ao mesmo tempo,", "Segundo a prefeitura,",
    ),
    patterns=(
        "{subject} {verb} {object} {place} {time}.", "{subject} {verb} {object} {time}.",
        "{opener} {subject} {verb} {object}.",
        "“Esperamos muito tempo por isso”, disse {name} {place}.",
        "{subject} {verb} {object}, e {subject} {verb} {object} {time}.",
        "O plano deve custar cerca de {number} milhões de reais, segundo {subject}.",
        "Não ficou claro se {subject} voltarão ao assunto {time}.",
    ),
    names=(
        "João Almeida", "Mariana Barbosa", "Pedro Carvalho", "Beatriz Ferreira", "Rafael Gomes",
        "Camila Oliveira", "Tiago Ribeiro", "Luísa Souza",
    ),
    nav=(
        "Início", "Notícias", "Política", "Economia", "Esportes", "Cultura", "Opinião", "Cidades",
        "Tempo", "Ciência", "Saúde", "Viagem", "Arquivo",
    ),
    site_parts=(
        (
            "Jornal do", "Diário do", "Correio do", "Folha do", "Gazeta do",
        ),
        (
            "Vale", "Porto", "Norte", "Sul", "Litoral", "Planalto",
        ),
    ),
    by="Por",
    comments_heading="{n} comentários",
    related_marker="Leia também",
    reactions=(
        "Ótima matéria, obrigado.", "Concordo totalmente.", "Quem vai pagar por isso?",
        "O ônibus atrasou de novo hoje.", "Finalmente uma boa notícia para a cidade.",
    ),
    share=(
        "Compartilhe esta notícia", "Assine a nossa newsletter", "Publicidade",
        "Siga-nos nas redes sociais",
    ),
    footer=(
        "© {year} {site}. Todos os direitos reservados.", "Política de privacidade", "Fale conosco",
        "Expediente",
    ),
    date="{d:02d}/{m:02d}/{y}",
)

RU = Lexicon(
    code="ru",
    subjects=(
        "депутаты городского совета", "местные жители", "учёные университета",
        "чиновники министерства", "представители железной дороги", "фермеры из долины",
        "врачи областной больницы", "студенты", "рыбаки из порта", "учителя школы", "волонтёры",
        "владельцы магазинов",
    ),
    verbs=(
        "обсудили", "одобрили", "представили", "отложили", "поддержали", "раскритиковали",
        "пересмотрели", "отклонили", "предложили",
    ),
    objects=(
        "новый бюджет", "план ремонта школ", "расписание автобусов",
        "подготовку к летнему фестивалю", "повышение тарифов на воду", "проверку старого моста",
        "строительство новой велодорожки", "закрытие ночной клиники", "стоимость новой библиотеки",
    ),
    times=(
        "в понедельник", "прошлой осенью", "на этой неделе", "в прошлом месяце",
        "к весне следующего года", "в пятницу вечером", "после долгих задержек",
    ),
    places=(
        "в здании мэрии", "на площади у вокзала", "в парке у реки", "в деревне на севере",
        "в центральной библиотеке", "на старом рынке",
    ),
    openers=(
        "Однако", "Тем временем", "В итоге", "В то же время", "По данным мэрии,",
    ),
    patterns=(
        "{subject} {verb} {object} {place} {time}.", "{time} {subject} {verb} {object}.",
        "{opener} {subject} {verb} {object}.", "«Мы долго этого ждали», — говорит {name}.",
        "{subject} {verb} {object}, а {subject} {verb} {object} {time}.",
        "По словам представителей города, план обойдётся примерно в {number} миллионов рублей.",
        "Пока неясно, вернутся ли {subject} к этому вопросу {time}.",
    ),
    names=(
        "Алексей Смирнов", "Мария Кузнецова", "Дмитрий Попов", "Елена Соколова", "Сергей Лебедев",
        "Ольга Новикова", "Иван Морозов", "Наталья Волкова",
    ),
    nav=(
        "Главная", "Новости", "Политика", "Экономика", "Спорт", "Культура", "Мнения", "Город",
        "Погода", "Наука", "Здоровье", "Путешествия", "Архив",
    ),
    site_parts=(
        (
            "Северная", "Городская", "Речная", "Вечерняя", "Областная",
        ),
        (
            "газета", "хроника", "правда", "неделя",
        ),
    ),
    by="",
    comments_heading="Комментарии: {n}",
    related_marker="Читайте также",
    reactions=(
        "Спасибо за статью.", "Полностью согласен.", "А кто за это заплатит?",
        "Автобус сегодня опять опоздал.", "Наконец-то хорошие новости для города.",
    ),
    share=(
        "Поделиться", "Подписаться на рассылку", "Реклама", "Мы в социальных сетях",
    ),
    footer=(
        "© {year} {site}. Все права защищены.", "Политика конфиденциальности", "Контакты",
        "Редакция",
    ),
    date="{d:02d}.{m:02d}.{y}",
)

ID = Lexicon(
    code="id",
    subjects=(
        "anggota dewan kota", "warga setempat", "tim peneliti universitas", "pejabat kementerian",
        "perwakilan perusahaan kereta api", "para petani di lembah", "dokter rumah sakit daerah",
        "para mahasiswa", "para nelayan di pelabuhan", "para guru sekolah dasar", "para relawan",
        "pemilik toko di jalan utama",
    ),
    verbs=(
        "membahas", "menyetujui", "mengumumkan", "menunda", "mendukung", "mengkritik", "meninjau",
        "menolak", "mengusulkan",
    ),
    objects=(
        "anggaran baru", "rencana perbaikan sekolah", "jadwal bus kota",
        "persiapan festival musim panas", "kenaikan tarif air", "pemeriksaan jembatan tua",
        "pembangunan jalur sepeda baru", "penutupan klinik malam", "biaya perpustakaan baru",
    ),
    times=(
        "pada hari Senin", "pada musim kemarau lalu", "minggu ini", "bulan lalu",
        "hingga tahun depan", "pada Jumat malam", "setelah berbulan-bulan tertunda",
    ),
    places=(
        "di balai kota", "di alun-alun dekat stasiun", "di taman tepi sungai",
        "di sebuah desa di utara", "di perpustakaan pusat", "di pasar lama",
    ),
    openers=(
        "Namun,", "Sementara itu,", "Akhirnya,", "Pada saat yang sama,", "Menurut pemerintah kota,",
    ),
    patterns=(
        "{subject} {verb} {object} {place} {time}.", "{subject} {verb} {object} {time}.",
        "{opener} {subject} {verb} {object}.",
        "“Kami sudah lama menunggu hal ini,” kata {name} {place}.",
        "{subject} {verb} {object}, dan {subject} {verb} {object} {time}.",
        "Rencana itu diperkirakan menelan biaya sekitar {number} miliar rupiah.",
        "Belum jelas apakah {subject} akan kembali membahas masalah itu {time}.",
    ),
    names=(
        "Budi Santoso", "Siti Rahayu", "Agus Wijaya", "Dewi Lestari", "Rudi Hartono",
        "Putri Anggraini", "Eko Prasetyo", "Rina Kusuma",
    ),
    nav=(
        "Beranda", "Berita", "Politik", "Ekonomi", "Olahraga", "Budaya", "Opini", "Daerah", "Cuaca",
        "Sains", "Kesehatan", "Wisata", "Arsip",
    ),
    site_parts=(
        (
            "Kabar", "Warta", "Suara", "Harian", "Berita",
        ),
        (
            "Kota", "Desa", "Pantai", "Nusantara", "Timur", "Barat",
        ),
    ),
    by="Oleh",
    comments_heading="{n} komentar",
    related_marker="Baca juga",
    reactions=(
        "Terima kasih atas beritanya.", "Saya sangat setuju.",
        "Siapa yang akan membayar semua ini?", "Bus kota terlambat lagi pagi ini.",
        "Akhirnya ada kabar baik untuk kota kita.",
    ),
    share=(
        "Bagikan artikel ini", "Berlangganan buletin kami", "Iklan", "Ikuti kami",
    ),
    footer=(
        "© {year} {site}. Hak cipta dilindungi.", "Kebijakan privasi", "Hubungi kami", "Redaksi",
    ),
    date="{d:02d}/{m:02d}/{y}",
)

KO = Lexicon(
    code="ko",
    subjects=(
        "시의회는", "지역 주민들은", "대학 연구팀은", "교육청은", "철도 회사는", "농민들은",
        "병원 의사들은", "대학생들은", "어민들은",
        "자원봉사자들은", "상인들은", "학부모들은",
    ),
    verbs=(
        "발표했다", "논의했다", "승인했다", "시작했다", "검토했다", "연기했다", "지지했다",
        "비판했다", "제안했다",
    ),
    objects=(
        "새 예산안을", "학교 보수 계획을", "버스 운행 시간표를", "여름 축제 준비를",
        "수도 요금 인상안을", "오래된 다리 안전 점검을",
        "새 자전거 도로 건설을", "야간 진료소 폐쇄를", "새 도서관 건립 비용을",
    ),
    times=(
        "월요일에", "지난 가을에", "이번 주에", "지난달에", "내년 봄까지", "금요일 저녁에",
        "몇 달 동안 미뤄진 끝에",
    ),
    places=(
        "시청에서", "역 앞 광장에서", "강변 공원에서", "북쪽 마을에서", "중앙 도서관에서",
        "옛 시장에서",
    ),
    openers=(
        "그러나", "한편", "결국", "이와 함께", "시에 따르면",
    ),
    patterns=(
        "{subject} {time} {place} {object} {verb}.", "{subject} {time} {object} {verb}.",
        "{opener} {subject} {object} {verb}.", '{name} 씨는 "오랫동안 기다려 온 일"이라고 말했다.',
        "{subject} {object} {verb}. {subject} {time} {object} {verb}.",
        "이 계획에는 약 {number}억 원이 들 것으로 보인다.",
    ),
    names=(
        "김민준", "이서연", "박지호", "최유나", "정현우", "강수빈", "조민서", "윤태양",
    ),
    nav=(
        "홈", "뉴스", "정치", "경제", "스포츠", "문화", "오피니언", "지역", "날씨", "과학", "건강",
        "여행", "지난 기사",
    ),
    site_parts=(
        (
            "한빛", "새벽", "바다", "누리", "하늘",
        ),
        (
            "일보", "신문", "뉴스", "타임스",
        ),
    ),
    by="",
    comments_heading="댓글 {n}개",
    related_marker="관련 기사",
    reactions=(
        "좋은 기사 감사합니다.", "전적으로 동의합니다.", "비용은 누가 내나요?",
        "오늘 아침에도 버스가 늦었어요.", "우리 동네에 드디어 좋은 소식이네요.",
    ),
    share=(
        "기사 공유하기", "뉴스레터 구독", "광고", "소셜 미디어에서 팔로우",
    ),
    footer=(
        "© {year} {site}. 무단 전재 및 재배포 금지.", "개인정보처리방침", "문의하기", "회사 소개",
    ),
    date="{y}-{m:02d}-{d:02d}",
    headline="{subject} {object} {verb}",
)

JA = Lexicon(
    code="ja",
    subjects=(
        "市議会は", "地元の住民は", "大学の研究チームは", "教育委員会は", "鉄道会社は",
        "農家の人々は", "病院の医師たちは", "学生たちは", "港の漁師たちは",
        "ボランティアの人々は", "商店街の店主たちは", "保護者たちは",
    ),
    verbs=(
        "発表した", "話し合った", "承認した", "始めた", "見直した", "延期した", "支持した",
        "批判した", "提案した",
    ),
    objects=(
        "新しい予算案を", "学校の改修計画を", "バスの時刻表を", "夏祭りの準備を",
        "水道料金の値上げを", "古い橋の安全点検を", "新しい自転車道の建設を",
        "夜間診療所の閉鎖を", "新しい図書館の費用を",
    ),
    times=(
        "月曜日に", "昨年の秋に", "今週", "先月", "来年の春までに", "金曜日の夜に",
        "数か月の遅れの後で",
    ),
    places=(
        "市役所で", "駅前の広場で", "川沿いの公園で", "北部の村で", "中央図書館で", "古い市場で",
    ),
    openers=(
        "しかし、", "一方、", "結局、", "同時に、", "市によると、",
    ),
    patterns=(
        "{subject}{time}{place}{object}{verb}。", "{subject}{time}{object}{verb}。",
        "{opener}{subject}{object}{verb}。", "{name}さんは「長い間待っていたことだ」と話した。",
        "{subject}{object}{verb}が、{subject}{time}{object}{verb}。",
        "計画の費用は約{number}億円になる見込みだ。",
    ),
    names=(
        "佐藤健", "鈴木美咲", "高橋翔", "田中陽子", "伊藤大輔", "渡辺結衣", "山本拓也",
        "中村さくら",
    ),
    nav=(
        "ホーム", "ニュース", "政治", "経済", "スポーツ", "文化", "オピニオン", "地域", "天気",
        "科学", "健康", "旅行", "過去の記事",
    ),
    site_parts=(
        (
            "北", "南", "東", "西", "中央", "港",
        ),
        (
            "日報", "新聞", "タイムズ", "通信",
        ),
    ),
    by="",
    comments_heading="コメント {n}件",
    related_marker="関連記事",
    reactions=(
        "良い記事をありがとうございます。", "まったく同感です。", "費用は誰が払うのでしょうか。",
        "今朝もバスが遅れました。", "町にやっと良いニュースが来ました。",
    ),
    share=(
        "記事をシェアする", "ニュースレターに登録", "広告", "SNSでフォロー",
    ),
    footer=(
        "© {year} {site}. 無断転載を禁じます。", "プライバシーポリシー", "お問い合わせ", "会社概要",
    ),
    date="{y}年{m}月{d}日",
    headline="{subject}{object}{verb}",
    space="",
)

# fmt: on

LEXICONS: dict[str, Lexicon] = {lex.code: lex for lex in (EN, DE, PT, RU, ID, KO, JA)}
