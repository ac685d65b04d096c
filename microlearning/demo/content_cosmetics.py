"""Belle Allure's other demo modules (a cosmetics shop's trade), after the six of content.py:
short, in French and English, some with a picture drawn at seed time."""

from .content import DemoModule, card, quiz, text
from .pictures import picture

IVORY, BEIGE, HONEY, CARAMEL, COCOA = "#f1dcc6", "#e2bf9a", "#c99466", "#a5693f", "#6b4226"
ROSE, PLUM, AMBER, SAGE, AQUA = "#d98c9f", "#7d3c5c", "#d39a2c", "#8fae8b", "#6fb7c8"

COSMETICS_MORE = [
    DemoModule(
        ("Trouver la teinte du fond de teint", "Finding the right foundation shade"),
        (
            "Tester sur la mâchoire, à la lumière du jour, trois teintes au plus.",
            "Test on the jawline, in daylight, three shades at most.",
        ),
        ("Produits", "Maquillage"),
        ("ca", "panier"),
        [
            text(
                "Testez **sur la mâchoire**, pas sur la main : la teinte qui disparaît est la "
                "bonne. Regardez près de la vitrine, à la lumière du jour.",
                "Test **on the jawline**, not the hand: the shade that disappears is the right "
                "one. Look near the window, in daylight.",
            ),
            picture(
                (IVORY, BEIGE, HONEY, CARAMEL, COCOA),
                (
                    "Cinq flacons de fond de teint alignés, du plus clair au plus foncé.",
                    "Five foundation bottles in a row, from lightest to darkest.",
                ),
                (
                    "Choisissez **trois teintes voisines** à tester, jamais plus.",
                    "Choose **three neighbouring shades** to test, never more.",
                ),
                round_shapes=True,
            ),
            quiz(
                ("Deux teintes semblent justes. Laquelle ?", "Two shades look right. Which one?"),
                (
                    "Celle qui disparaît à la lumière du jour",
                    "The one that disappears in daylight",
                    True,
                    "Oui : l’éclairage de la boutique trompe.",
                    "Yes: shop lighting is misleading.",
                ),
                (
                    "La plus claire, par précaution",
                    "The lighter one, to be safe",
                    False,
                    "Elle marquera une démarcation.",
                    "It will leave a visible line.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Conseiller une protection solaire", "Recommending sun protection"),
        (
            "L’indice, la quantité, le renouvellement : les trois points à dire.",
            "The factor, the amount, reapplying: the three points to make.",
        ),
        ("Produits", "Soin"),
        ("ca",),
        [
            text(
                "L’indice protège **si la quantité suit** : l’équivalent d’une cuillère à café "
                "pour le visage, renouvelé toutes les deux heures et après la baignade.",
                "The factor only protects **if the amount follows**: a teaspoon's worth for the "
                "face, reapplied every two hours and after swimming.",
            ),
            card(
                ("Peau claire, plage en été : quel indice ?", "Fair skin, summer beach: factor?"),
                ("SPF 50, sans hésiter.", "SPF 50, no question."),
            ),
            quiz(
                ("Une cliente met du SPF 50 le matin seulement.", "She applies SPF 50 mornings."),
                (
                    "Lui conseiller de renouveler dans la journée",
                    "Advise her to reapply during the day",
                    True,
                    "Oui : la protection baisse avec les heures et la sueur.",
                    "Yes: protection drops with hours and sweat.",
                ),
                (
                    "C’est suffisant avec un indice élevé",
                    "It is enough with a high factor",
                    False,
                    "Un indice élevé ne dure pas plus longtemps.",
                    "A high factor does not last longer.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Proposer la carte de fidélité", "Offering the loyalty card"),
        (
            "Un avantage concret, à la caisse, en une phrase.",
            "A concrete benefit, at the till, in one sentence.",
        ),
        ("Relation client", "Fidélité"),
        ("fidelite",),
        [
            text(
                "À la caisse, une phrase : « Avec la carte, ce passage vous rapporte déjà **un "
                "échantillon offert**. Je vous l’ouvre ? » Elle prend 30 secondes.",
                "At the till, one sentence: “With the card, today's visit already earns you **a "
                "free sample**. Shall I open one for you?” It takes 30 seconds.",
            ),
            quiz(
                ("La cliente dit manquer de temps.", "She says she has no time."),
                (
                    "Proposer de finir l’inscription en ligne, avec son courriel",
                    "Offer to finish signing up online, with her email",
                    True,
                    "Oui : l’avantage est acquis, la formalité plus tard.",
                    "Yes: the benefit is hers, the paperwork later.",
                ),
                (
                    "Insister",
                    "Insist",
                    False,
                    "Elle partira agacée, sans carte.",
                    "She will leave annoyed, without a card.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Les dix premières secondes", "The first ten seconds"),
        (
            "Un regard, un bonjour, puis laisser découvrir.",
            "Eye contact, a hello, then let them browse.",
        ),
        ("Relation client", "Accueil"),
        ("visiteurs", "transfo"),
        [
            text(
                "Chaque cliente reçoit **un regard et un bonjour** dans les dix secondes, même "
                "si vous êtes occupée avec une autre. Elle sait qu’on la voit.",
                "Every customer gets **eye contact and a hello** within ten seconds, even when "
                "you are busy with another. She knows she has been seen.",
            ),
            quiz(
                (
                    "Vous conseillez une cliente, une autre entre.",
                    "You are advising one customer, another comes in.",
                ),
                (
                    "Un sourire et « Je suis à vous dans un instant »",
                    "A smile and “I'll be with you in a moment”",
                    True,
                    "Oui : les deux se sentent considérées.",
                    "Yes: both feel looked after.",
                ),
                (
                    "Ne rien dire pour ne pas interrompre",
                    "Say nothing so as not to interrupt",
                    False,
                    "La nouvelle cliente se sent ignorée.",
                    "The newcomer feels ignored.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Les familles olfactives", "Fragrance families"),
        (
            "Florale, boisée, orientale, hespéridée : situer un parfum pour en proposer un autre.",
            "Floral, woody, oriental, citrus: placing a fragrance to suggest another.",
        ),
        ("Produits", "Parfum"),
        ("ca", "panier"),
        [
            picture(
                (ROSE, CARAMEL, AMBER, AQUA),
                (
                    "Quatre flacons : rose pour la famille florale, brun pour la boisée, "
                    "ambre pour l’orientale, bleu clair pour l’hespéridée.",
                    "Four bottles: pink for floral, brown for woody, amber for oriental, light "
                    "blue for citrus.",
                ),
                (
                    "Demandez le parfum qu’elle porte : il vous dit **sa famille**.",
                    "Ask which fragrance she wears: it tells you **her family**.",
                ),
                round_shapes=True,
                seconds=40,
            ),
            card(
                ("Notes d’agrumes, fraîches : quelle famille ?", "Fresh citrus notes: family?"),
                ("Hespéridée.", "Citrus (hesperidic)."),
            ),
            quiz(
                (
                    "Elle aime un parfum boisé. Que faire sentir ?",
                    "She likes a woody fragrance. What to offer?",
                ),
                (
                    "Un autre boisé, ou un boisé-épicé",
                    "Another woody, or a spicy woody",
                    True,
                    "Oui : on reste dans la famille, on varie l’accent.",
                    "Yes: stay in the family, vary the accent.",
                ),
                (
                    "Le floral le plus vendu",
                    "The best-selling floral",
                    False,
                    "Populaire n’est pas son goût.",
                    "Popular is not her taste.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Le maquillage des yeux en démonstration", "An eye make-up demonstration"),
        (
            "Une démonstration de trois minutes sur un œil, l’autre au choix de la cliente.",
            "A three-minute demonstration on one eye, the other for the customer to try.",
        ),
        ("Maquillage", "Démonstration"),
        ("panier", "transfo"),
        [
            text(
                "Maquillez **un seul œil** en expliquant chaque geste ; proposez à la cliente de "
                "faire l’autre. Ce qu’elle a fait seule, elle saura le refaire chez elle.",
                "Make up **one eye** while explaining each step; offer the customer the other. "
                "What she did herself, she can do again at home.",
            ),
            quiz(
                ("Combien de produits montrer ?", "How many products to show?"),
                (
                    "Trois : base, fard, mascara",
                    "Three: primer, eyeshadow, mascara",
                    True,
                    "Oui : une routine qu’elle peut retenir et acheter.",
                    "Yes: a routine she can remember and buy.",
                ),
                (
                    "Toute la palette",
                    "The whole palette",
                    False,
                    "Trop long, et rien ne reste.",
                    "Too long, and nothing sticks.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Les soins pour homme", "Men's skincare"),
        (
            "Peu de produits, des gestes rapides, des mots simples.",
            "Few products, quick steps, plain words.",
        ),
        ("Produits", "Soin"),
        ("ca", "panier"),
        [
            text(
                "Deux gestes suffisent pour commencer : **nettoyer et hydrater**. Parlez de "
                "confort après rasage plutôt que de « routine beauté ».",
                "Two steps are enough to start: **cleanse and moisturise**. Talk about comfort "
                "after shaving rather than a “beauty routine”.",
            ),
            quiz(
                ("Il se plaint de rougeurs après le rasage.", "He gets red after shaving."),
                (
                    "Un baume apaisant sans alcool",
                    "A soothing alcohol-free balm",
                    True,
                    "Oui : l’alcool irrite une peau fraîchement rasée.",
                    "Yes: alcohol irritates freshly shaved skin.",
                ),
                (
                    "Un gommage quotidien",
                    "A daily scrub",
                    False,
                    "Il aggraverait l’irritation.",
                    "It would make the irritation worse.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Quand la file d’attente s’allonge", "When the queue grows"),
        (
            "Ouvrir une caisse, préparer les paiements, garder le sourire.",
            "Open a till, prepare payments, keep smiling.",
        ),
        ("Relation client", "Caisse"),
        ("satisfaction", "tickets"),
        [
            text(
                "Au-delà de **trois clientes** en attente, appelez une collègue à la deuxième "
                "caisse et proposez aux suivantes de préparer leur carte.",
                "Beyond **three customers** waiting, call a colleague to the second till and "
                "ask the next ones to have their card ready.",
            ),
            quiz(
                ("Une cliente s’impatiente.", "A customer is getting impatient."),
                (
                    "Croiser son regard et annoncer le délai",
                    "Catch her eye and say how long it will be",
                    True,
                    "Oui : une attente annoncée paraît plus courte.",
                    "Yes: a wait announced feels shorter.",
                ),
                (
                    "Accélérer sans rien dire",
                    "Speed up without a word",
                    False,
                    "Elle ne sait pas qu’on l’a vue.",
                    "She does not know she has been seen.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Des échantillons qui font revenir", "Samples that bring customers back"),
        (
            "Un échantillon choisi, expliqué, avec une raison de revenir.",
            "One sample, chosen and explained, with a reason to come back.",
        ),
        ("Techniques de vente", "Échantillons"),
        ("transfo", "ca"),
        [
            text(
                "Un échantillon **choisi pour elle**, avec le mode d’emploi et une date : « "
                "Essayez-le cinq jours, et dites-moi ce que votre peau en pense. »",
                "One sample **chosen for her**, with how to use it and a date: “Try it for five "
                "days, and tell me what your skin thinks.”",
            ),
            quiz(
                ("Combien d’échantillons donner ?", "How many samples to give?"),
                (
                    "Un ou deux, liés à son besoin",
                    "One or two, linked to her need",
                    True,
                    "Oui : elle les essaiera vraiment.",
                    "Yes: she will actually try them.",
                ),
                (
                    "Une poignée, pour faire plaisir",
                    "A handful, to be nice",
                    False,
                    "Ils finiront au fond d’un tiroir.",
                    "They will end up in a drawer.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Produit en rupture : proposer une alternative", "Out of stock: offering an alternative"),
        (
            "Dire la vérité, proposer un équivalent, offrir de mettre de côté.",
            "Tell the truth, offer an equivalent, offer to set one aside.",
        ),
        ("Relation client", "Stock"),
        ("ruptures", "satisfaction"),
        [
            text(
                "Annoncez la rupture **tout de suite**, puis proposez le produit le plus proche "
                "(même usage, même texture) et la mise de côté à l’arrivage.",
                "Say it is out of stock **at once**, then offer the closest product (same use, "
                "same texture) and to set one aside when it arrives.",
            ),
            quiz(
                ("Son sérum habituel manque.", "Her usual serum is out."),
                (
                    "Un sérum équivalent et la réservation du sien",
                    "An equivalent serum and reserving hers",
                    True,
                    "Oui : elle repart servie et revient.",
                    "Yes: she leaves served and comes back.",
                ),
                (
                    "Lui dire de revenir la semaine prochaine",
                    "Tell her to come back next week",
                    False,
                    "Elle ira l’acheter ailleurs.",
                    "She will buy it elsewhere.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Composer un coffret cadeau", "Putting together a gift set"),
        (
            "Trois produits qui vont ensemble, un budget respecté, un paquet soigné.",
            "Three products that go together, a budget kept, a neat wrapping.",
        ),
        ("Techniques de vente", "Cadeaux"),
        ("panier",),
        [
            text(
                "Demandez **pour qui** et **quel budget**. Puis trois produits d’une même "
                "routine : un soin, un geste plaisir, un format voyage.",
                "Ask **who it is for** and **the budget**. Then three products from one "
                "routine: a treatment, a treat, a travel size.",
            ),
            picture(
                (PLUM, ROSE, SAGE),
                (
                    "Un coffret ouvert avec trois produits : un flacon prune, un pot rose, un "
                    "tube vert sauge.",
                    "An open gift box with three products: a plum bottle, a pink jar, a sage "
                    "green tube.",
                ),
                (
                    "Trois produits, **une seule histoire** : la routine du soir, par exemple.",
                    "Three products, **one story**: the evening routine, for instance.",
                ),
                round_shapes=True,
            ),
            quiz(
                ("Le client ne connaît pas la peau de la personne.", "He doesn't know her skin."),
                (
                    "Choisir des produits pour toutes les peaux et le ticket cadeau",
                    "Choose products for all skin types and a gift receipt",
                    True,
                    "Oui : aucun risque, et l’échange reste possible.",
                    "Yes: no risk, and an exchange is still possible.",
                ),
                (
                    "Un soin anti-âge ciblé",
                    "A targeted anti-ageing treatment",
                    False,
                    "Risqué : il pourrait vexer ou ne pas convenir.",
                    "Risky: it might offend or not suit.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Répondre aux questions sur les ingrédients", "Answering ingredient questions"),
        (
            "Lire la liste avec la cliente plutôt que rassurer de mémoire.",
            "Read the list with the customer rather than reassure from memory.",
        ),
        ("Produits", "Ingrédients"),
        ("satisfaction",),
        [
            text(
                "La liste des ingrédients est sur chaque emballage, du plus au moins présent. "
                "**Lisez-la avec la cliente** : elle vérifie, vous ne promettez rien de faux.",
                "The ingredient list is on every pack, from most to least present. **Read it "
                "with the customer**: she checks, you promise nothing false.",
            ),
            card(
                ("Où trouver la liste complète ?", "Where is the full list?"),
                (
                    "Sur l’emballage, sous « Ingredients ».",
                    "On the pack, under “Ingredients”.",
                ),
            ),
            quiz(
                ("Elle demande si un produit est vegan.", "She asks if a product is vegan."),
                (
                    "Vérifier la mention ou la fiche produit",
                    "Check the label or the product sheet",
                    True,
                    "Oui : une réponse vérifiée.",
                    "Yes: a checked answer.",
                ),
                (
                    "Dire oui, la marque est naturelle",
                    "Say yes, the brand is natural",
                    False,
                    "Naturel ne veut pas dire vegan.",
                    "Natural does not mean vegan.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("Conseiller une peau sensible", "Advising sensitive skin"),
        (
            "Peu d’ingrédients, sans parfum, un test avant tout.",
            "Few ingredients, no fragrance, a test first.",
        ),
        ("Produits", "Soin"),
        ("ca",),
        [
            text(
                "Pour une peau sensible : formules **sans parfum**, peu d’ingrédients, et un "
                "test dans le pli du coude pendant deux jours avant le visage.",
                "For sensitive skin: **fragrance-free** formulas, few ingredients, and a test "
                "in the crook of the elbow for two days before the face.",
            ),
            quiz(
                ("Elle réagit à presque tout.", "She reacts to almost everything."),
                (
                    "Une gamme dermatologique et lui conseiller d’en parler à son médecin",
                    "A dermatological range and advise her to talk to her doctor",
                    True,
                    "Oui : vous conseillez, le médecin diagnostique.",
                    "Yes: you advise, the doctor diagnoses.",
                ),
                (
                    "Le soin le plus riche de la gamme",
                    "The richest cream of the range",
                    False,
                    "Plus d’ingrédients, plus de risques.",
                    "More ingredients, more risk.",
                ),
            ),
        ],
    ),
    DemoModule(
        ("La vitrine : la règle de trois", "The window: the rule of three"),
        (
            "Trois produits, trois hauteurs, un seul message.",
            "Three products, three heights, one message.",
        ),
        ("Merchandising",),
        ("visiteurs",),
        [
            picture(
                (SAGE, ROSE, AQUA),
                (
                    "Une vitrine avec trois produits à trois hauteurs : vert sauge, rose, bleu "
                    "clair.",
                    "A window with three products at three heights: sage green, pink, light blue.",
                ),
                (
                    "Trois produits, **trois hauteurs**, une couleur qui les relie.",
                    "Three products, **three heights**, one colour linking them.",
                ),
                round_shapes=True,
            ),
            quiz(
                ("Combien de messages par vitrine ?", "How many messages per window?"),
                (
                    "Un seul",
                    "Just one",
                    True,
                    "Oui : on la lit en deux secondes, en passant.",
                    "Yes: it is read in two seconds, walking by.",
                ),
                (
                    "Un par produit",
                    "One per product",
                    False,
                    "Trop à lire : personne ne s’arrête.",
                    "Too much to read: nobody stops.",
                ),
            ),
        ],
    ),
]
