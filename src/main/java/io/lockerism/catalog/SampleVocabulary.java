package io.lockerism.catalog;

import java.util.List;

/** The words the sample generator builds profiles from: niches, languages and names. */
final class SampleVocabulary {
  private SampleVocabulary() {}

  /** Languages in the order of {@link Niche#labels}. */
  enum Language {
    EN(
        45,
        "Today:",
        List.of("London", "New York", "Sydney", "Toronto", "Austin", "Manchester"),
        List.of(
            "{emoji} {Label} creator from {city}",
            "Sharing my {label} life {emoji}\nnew videos every week",
            "{Label} tips you actually need {emoji} {tags}",
            "just a {label} nerd in {city} {emoji}\n📩 {handle}@gmail.com")),
    ES(
        15,
        "Hoy:",
        List.of("Madrid", "Ciudad de México", "Buenos Aires", "Bogotá", "Sevilla"),
        List.of(
            "{emoji} Creador de contenido de {label} en {city}",
            "Comparto mi pasión por {label} {emoji}\nvideos nuevos cada semana",
            "Consejos de {label} que sí funcionan {emoji} {tags}")),
    PT(
        12,
        "Hoje:",
        List.of("São Paulo", "Lisboa", "Rio de Janeiro", "Belo Horizonte", "Porto"),
        List.of(
            "{emoji} Criador de conteúdo de {label} em {city}",
            "Apaixonado por {label} {emoji}\nvídeo novo toda semana",
            "Dicas de {label} sem enrolação {emoji} {tags}")),
    FR(
        7,
        "Aujourd'hui :",
        List.of("Paris", "Lyon", "Montréal", "Bruxelles", "Marseille"),
        List.of(
            "{emoji} Créateur {label} à {city}",
            "Je partage ma passion : {label} {emoji}\nnouvelle vidéo chaque semaine",
            "Astuces {label} qui marchent vraiment {emoji} {tags}")),
    DE(
        6,
        "Heute:",
        List.of("Berlin", "München", "Wien", "Hamburg", "Zürich"),
        List.of(
            "{emoji} {Label}-Creator aus {city}",
            "Alles rund um {label} {emoji}\nneue Videos jede Woche",
            "{Label}-Tipps, die wirklich helfen {emoji} {tags}")),
    JA(
        7,
        "今日は",
        List.of("東京", "大阪", "福岡", "札幌", "名古屋"),
        List.of(
            "{emoji} {city}で{label}を発信中",
            "{label}が大好き{emoji}\n毎週更新",
            "役立つ{label}のコツ {emoji} {tags}")),
    ID(
        8,
        "Hari ini:",
        List.of("Jakarta", "Bandung", "Surabaya", "Yogyakarta", "Bali"),
        List.of(
            "{emoji} Kreator {label} dari {city}",
            "Berbagi cerita {label} {emoji}\nvideo baru tiap minggu",
            "Tips {label} yang beneran ngebantu {emoji} {tags}"));

    final int weight;
    final String todayPrefix;
    final List<String> cities;
    final List<String> bioTemplates;

    Language(int weight, String todayPrefix, List<String> cities, List<String> bioTemplates) {
      this.weight = weight;
      this.todayPrefix = todayPrefix;
      this.cities = cities;
      this.bioTemplates = bioTemplates;
    }
  }

  /**
   * A content niche.
   *
   * @param labels the niche's name in each {@link Language}, in enum order
   * @param handleWord what a creator of the niche appends to a handle ("ana_eats")
   * @param topics subjects of videos in the niche
   */
  record Niche(
      String key,
      List<String> labels,
      String handleWord,
      List<String> hashtags,
      List<String> emoji,
      List<String> topics) {

    String label(Language language) {
      return labels.get(language.ordinal());
    }
  }

  static final List<Niche> NICHES =
      List.of(
          niche(
              "cooking",
              "cooking|cocina|culinária|cuisine|Kochen|料理|masak",
              "eats",
              "#cooking #recipe #foodtok #easyrecipe #homecooking #dinnerideas",
              "🍝 👩‍🍳 🔥",
              "one-pan lemon garlic pasta|5-minute ramen upgrade|crispy air fryer chicken wings"
                  + "|sourdough starter day by day|street tacos al pastor at home|mango sticky rice"),
          niche(
              "fitness",
              "fitness|fitness|treino|fitness|Fitness|筋トレ|olahraga",
              "fit",
              "#fitness #gymtok #workout #legday #homeworkout #fitnessmotivation",
              "💪 🏋️ 🔥",
              "20-minute full body burn|my leg day routine|how to fix your squat depth"
                  + "|protein breakfast under 400 calories|30 day pull-up challenge|mobility for desk workers"),
          niche(
              "gaming",
              "gaming|videojuegos|games|jeux vidéo|Gaming|ゲーム|game",
              "gg",
              "#gaming #gamer #minecraft #fortnite #gamingtok #ps5",
              "🎮 👾 🕹️",
              "insane clutch in ranked|minecraft redstone door tutorial|speedrun world record attempt"
                  + "|rating every starter pokemon|secret boss nobody found|my budget gaming setup"),
          niche(
              "travel",
              "travel|viajes|viagens|voyage|Reisen|旅行|traveling",
              "travels",
              "#travel #traveltok #wanderlust #hiddengems #solotravel #budgettravel",
              "✈️ 🌍 🏝️",
              "3 days in Lisbon on a budget|hidden beach in Bali|night train across the Alps"
                  + "|what 50 dollars gets you in Tokyo|Iceland ring road itinerary|packing in one carry-on"),
          niche(
              "beauty",
              "beauty|belleza|beleza|beauté|Beauty|コスメ|kecantikan",
              "glow",
              "#beauty #makeup #skincare #grwm #makeuptutorial #glowup",
              "💄 ✨ 💅",
              "5-minute everyday makeup|drugstore foundation dupes|my night skincare routine"
                  + "|glass skin in three steps|soft glam for beginners|testing viral lip oils"),
          niche(
              "comedy",
              "comedy|humor|humor|humour|Comedy|お笑い|komedi",
              "lol",
              "#comedy #funny #skit #relatable #fyp #humor",
              "😂 🤣 🎭",
              "when your mom finds your report card|types of people at the gym|pov you're the middle child"
                  + "|group project chaos|me explaining memes to my dad|office meeting that could be an email"),
          niche(
              "dance",
              "dance|baile|dança|danse|Tanz|ダンス|dance",
              "moves",
              "#dance #dancechallenge #choreography #dancetok #kpopdance #viraldance",
              "💃 🕺 🎶",
              "learn this trend in 30 seconds|slow tutorial of the new challenge|freestyle in the rain"
                  + "|couples dance challenge|kpop chorus cover|dance battle with my grandma"),
          niche(
              "music",
              "music|música|música|musique|Musik|音楽|musik",
              "music",
              "#music #singer #cover #originalsong #musician #guitar",
              "🎵 🎸 🎤",
              "acoustic cover of a 2000s hit|writing a song in 60 seconds|guitar riff everyone knows"
                  + "|piano version of the trending sound|vocal warm-up routine|my first original song"),
          niche(
              "pets",
              "pets|mascotas|pets|animaux|Haustiere|ペット|hewan peliharaan",
              "pets",
              "#pets #dogsoftiktok #catsoftiktok #puppy #cute #animals",
              "🐶 🐱 🐾",
              "my dog reacts to the vacuum|cat learns a new trick|puppy's first snow"
                  + "|rescue kitten transformation|grooming a very fluffy dog|what my parrot says at 6am"),
          niche(
              "tech",
              "tech|tecnología|tecnologia|tech|Technik|ガジェット|teknologi",
              "tech",
              "#tech #techtok #gadgets #iphone #coding #ai",
              "💻 📱 🤖",
              "hidden iPhone settings|budget mechanical keyboard review|building a PC in 60 seconds"
                  + "|AI tools that save me hours|unboxing a foldable phone|python tip for beginners"),
          niche(
              "finance",
              "personal finance|finanzas|finanças|finances|Finanzen|お金|keuangan",
              "money",
              "#finance #moneytok #investing #budgeting #personalfinance #savings",
              "💸 📈 🏦",
              "how I budget my first salary|index funds explained simply|50/30/20 rule in practice"
                  + "|paying off debt in 12 months|emergency fund basics|side hustles that actually pay"),
          niche(
              "fashion",
              "fashion|moda|moda|mode|Mode|ファッション|fashion",
              "style",
              "#fashion #ootd #style #outfitideas #thrift #streetwear",
              "👗 👟 🧥",
              "thrift flip denim jacket|capsule wardrobe for fall|styling one shirt five ways"
                  + "|outfit of the day in the city|vintage haul under 30 dollars|street style check"),
          niche(
              "diy",
              "DIY|manualidades|faça você mesmo|DIY|Heimwerken|DIY|kerajinan",
              "makes",
              "#diy #crafts #homedecor #upcycling #woodworking #handmade",
              "🔨 🪚 🎨",
              "upcycling an old dresser|floating shelves with no drill|epoxy river table"
                  + "|renter friendly kitchen makeover|handmade candles at home|fixing a squeaky door"),
          niche(
              "books",
              "books|libros|livros|livres|Bücher|読書|buku",
              "reads",
              "#booktok #books #reading #bookrecommendations #fantasybooks #romancebooks",
              "📚 📖 ☕",
              "books that made me cry|fantasy series worth the hype|reading vlog rainy weekend"
                  + "|annotating my favorite novel|five star reads this month|book haul from the library"),
          niche(
              "sports",
              "sports|deportes|esportes|sport|Sport|スポーツ|sepak bola",
              "sports",
              "#sports #football #soccer #basketball #highlights #nba",
              "⚽ 🏀 🏆",
              "best goals of the weekend|free throw routine|match day vlog"
                  + "|reacting to last minute winner|skills training in the park|ranking the best stadiums"),
          niche(
              "science",
              "science|ciencia|ciência|sciences|Wissenschaft|科学|sains",
              "science",
              "#science #sciencetok #physics #chemistry #space #learnontiktok",
              "🔬 🧪 🚀",
              "why the sky is blue|elephant toothpaste experiment|how black holes bend light"
                  + "|the chemistry of baking soda|what happens in a vacuum chamber|mars rover update"),
          niche(
              "parenting",
              "parenting|maternidad|maternidade|parentalité|Familie|子育て|parenting",
              "family",
              "#parenting #momtok #dadlife #toddler #newborn #familytime",
              "👶 👨‍👩‍👧 🍼",
              "toddler bedtime routine|lunchbox ideas for picky eaters|first week with a newborn"
                  + "|screen time rules that work|rainy day activities for kids|dad vs diaper"),
          niche(
              "art",
              "art|arte|arte|art|Kunst|アート|seni",
              "art",
              "#art #artist #painting #drawing #arttok #watercolor",
              "🎨 🖌️ ✏️",
              "painting a sunset in acrylic|sketchbook tour|watercolor for beginners"
                  + "|drawing my followers as anime|speed painting a portrait|clay sculpture process"),
          niche(
              "cars",
              "cars|coches|carros|voitures|Autos|車|otomotif",
              "cars",
              "#cars #cartok #jdm #carsoftiktok #supercar #detailing",
              "🚗 🏎️ 🔧",
              "cold start on a V8|detailing a very dirty interior|project car first drive"
                  + "|supercar spotting downtown|changing oil in 10 minutes|drift day highlights"),
          niche(
              "gardening",
              "gardening|jardinería|jardinagem|jardinage|Garten|ガーデニング|berkebun",
              "garden",
              "#gardening #plants #planttok #garden #houseplants #growyourown",
              "🌱 🌻 🪴",
              "growing tomatoes on a balcony|repotting a monstera|vegetable garden harvest"
                  + "|propagating pothos in water|compost for beginners|saving a dying succulent"),
          niche(
              "photography",
              "photography|fotografía|fotografia|photo|Fotografie|写真|fotografi",
              "shots",
              "#photography #photographer #photooftheday #streetphotography #camera #phototips",
              "📷 🌅 🎞️",
              "golden hour portrait tricks|street photography in the rain|editing a photo in 60 seconds"
                  + "|film camera for beginners|phone photography hacks|night sky long exposure"),
          niche(
              "languages",
              "languages|idiomas|idiomas|langues|Sprachen|語学|bahasa",
              "speaks",
              "#languagelearning #learnenglish #spanish #japanese #polyglot #learnontiktok",
              "🗣️ 📝 🌐",
              "phrases textbooks never teach|how I learned Japanese in a year|common Spanish mistakes"
                  + "|slang you will hear in Paris|pronunciation drill|switching between five languages"));

  /** First names by language: ASCII for handles, then the display form. */
  static final List<List<String>> FIRST_NAMES =
      List.of(
          List.of("ana|Ana", "jake|Jake", "olivia|Olivia", "noah|Noah", "maya|Maya", "liam|Liam"),
          List.of(
              "sofia|Sofía", "mateo|Mateo", "lucia|Lucía", "diego|Diego", "valentina|Valentina"),
          List.of(
              "joao|João", "beatriz|Beatriz", "gabriel|Gabriel", "larissa|Larissa", "pedro|Pedro"),
          List.of("chloe|Chloé", "louis|Louis", "camille|Camille", "hugo|Hugo", "lea|Léa"),
          List.of("lena|Lena", "jonas|Jonas", "mia|Mia", "felix|Felix", "jurgen|Jürgen"),
          List.of("yuki|ゆき", "haruto|はると", "sakura|さくら", "ren|れん", "aoi|あおい"),
          List.of("putri|Putri", "budi|Budi", "ayu|Ayu", "rizky|Rizky", "dewi|Dewi"));

  private static Niche niche(
      String key, String labels, String handleWord, String hashtags, String emoji, String topics) {
    return new Niche(
        key,
        List.of(labels.split("\\|")),
        handleWord,
        List.of(hashtags.split(" ")),
        List.of(emoji.split(" ")),
        List.of(topics.split("\\|")));
  }
}
