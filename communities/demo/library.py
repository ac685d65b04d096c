"""Demo library: each brand's documents in folders, in French and English, with their KPIs, tags
and audiences (most for everyone, some for the region's points of sale, the animator's for the
zone), a few in their second version; published through the service over the last months."""

import datetime as dt
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from kpis.models import KpiDefinition
from network_animation.audiences import Audience
from network_animation.models import Role, Tenant
from network_animation.uploads_media import media_check

from ..models import Document, DocumentVersion, Folder
from ..services import document_create, document_version_add, folder_create
from .cast import Cast

FR, EN, BOTH = Document.Language.FRENCH, Document.Language.ENGLISH, Document.Language.BOTH
POINT_ROLES = frozenset({Role.POS_MANAGER, Role.POS_STAFF})


@dataclass(frozen=True)
class Paper:
    folder: str
    title: str
    language: str = FR
    kpis: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    audience: str = "everyone"  # "everyone", "region_points", "zone" (by the animator)
    versions: int = 1
    pdf: bool = True


CAR_MAKER = [
    Paper(
        "Procédures",
        "Check-list de livraison d’un véhicule neuf",
        kpis=("satisfaction",),
        tags=("livraison",),
        versions=2,
    ),
    Paper(
        "Procédures",
        "Reprise d’un véhicule d’occasion : grille d’estimation",
        kpis=("vo",),
        tags=("reprise", "occasion"),
    ),
    Paper("Procédures", "Used-car appraisal grid", EN, kpis=("vo",), tags=("reprise",)),
    Paper(
        "Procédures",
        "Accueil téléphonique : le script en 5 étapes",
        kpis=("leads",),
        tags=("accueil",),
    ),
    Paper(
        "Procédures",
        "Gestion des réclamations clients",
        kpis=("satisfaction",),
        tags=("réclamation",),
    ),
    Paper(
        "Procédures",
        "Ouverture et clôture de l’atelier",
        kpis=("atelier_ca",),
        tags=("atelier",),
        pdf=False,
    ),
    Paper(
        "Ventes",
        "Argumentaire financement : LOA et crédit classique",
        kpis=("vn",),
        tags=("financement",),
        versions=2,
    ),
    Paper("Ventes", "Financing pitch: lease or loan", EN, kpis=("vn",), tags=("financement",)),
    Paper("Ventes", "Relancer un devis en 48 heures", kpis=("transfo",), tags=("relance", "devis")),
    Paper("Ventes", "Organiser un essai qui donne envie", kpis=("essais",), tags=("essai",)),
    Paper(
        "Ventes",
        "Offres du mois pour les concessions de la région",
        kpis=("vn", "vo"),
        tags=("offres",),
        audience="region_points",
    ),
    Paper(
        "Ventes",
        "Plan d’action portes ouvertes de la zone",
        kpis=("essais", "leads"),
        tags=("événement",),
        audience="zone",
    ),
    Paper(
        "Ventes", "Objections fréquentes et réponses", BOTH, kpis=("transfo",), tags=("objections",)
    ),
    Paper(
        "Atelier",
        "Forfaits entretien 2027",
        kpis=("atelier_ca",),
        tags=("tarifs", "atelier"),
        versions=2,
    ),
    Paper("Atelier", "Vendre les contrats d’entretien", kpis=("atelier_ca",), tags=("contrat",)),
    Paper("Atelier", "Rappel constructeur : procédure de convocation", tags=("rappel",)),
    Paper("Atelier", "Workshop upselling guide", EN, kpis=("atelier_ca",), tags=("atelier",)),
    Paper(
        "Atelier",
        "Réduire l’attente client à la réception",
        kpis=("satisfaction",),
        tags=("accueil",),
        pdf=False,
    ),
    Paper("Marketing", "Charte graphique du showroom", tags=("showroom",)),
    Paper(
        "Marketing",
        "Publier une annonce d’occasion qui se vend",
        kpis=("vo", "leads"),
        tags=("occasion", "annonce"),
    ),
    Paper("Marketing", "Calendrier des événements nationaux", BOTH, tags=("événement",)),
    Paper("Marketing", "Social media do’s and don’ts", EN, tags=("réseaux sociaux",)),
    Paper(
        "Marketing", "Kit vitrine : lancement du SUV électrique", kpis=("vn",), tags=("lancement",)
    ),
    Paper("Stock", "Piloter son stock de véhicules neufs", kpis=("stock_vn",), tags=("stock",)),
    Paper(
        "Stock",
        "Commandes usine : calendrier des clôtures",
        kpis=("stock_vn",),
        tags=("stock", "commandes"),
    ),
    Paper(
        "Stock", "Véhicules de démonstration : règles d’usage", tags=("démonstration",), pdf=False
    ),
    Paper("Formation", "Parcours d’intégration d’un vendeur", tags=("intégration",)),
    Paper("Formation", "New salesperson onboarding", EN, tags=("intégration",)),
    Paper("Formation", "Quiz produit : gamme 2027", kpis=("transfo",), tags=("produit",)),
    Paper(
        "Formation",
        "Mesurer la satisfaction après livraison",
        kpis=("satisfaction",),
        tags=("enquête",),
    ),
]

COSMETICS = [
    Paper("Boutique", "Ouverture et fermeture de la boutique", tags=("routine",), pdf=False),
    Paper(
        "Boutique",
        "Merchandising : la règle des trois hauteurs",
        kpis=("panier",),
        tags=("merchandising",),
        versions=2,
    ),
    Paper("Boutique", "Store layout guide", EN, kpis=("panier",), tags=("merchandising",)),
    Paper("Boutique", "Gérer les ruptures de stock", kpis=("ruptures",), tags=("stock",)),
    Paper(
        "Boutique",
        "Inventaire tournant : le mode d’emploi",
        kpis=("ruptures",),
        tags=("stock", "inventaire"),
    ),
    Paper(
        "Boutique",
        "Vitrines de Noël : la charte",
        kpis=("visiteurs",),
        tags=("vitrine", "Noël"),
        versions=2,
    ),
    Paper(
        "Conseil",
        "Diagnostic de peau en cinq questions",
        kpis=("transfo", "panier"),
        tags=("diagnostic",),
    ),
    Paper(
        "Conseil", "Skin diagnosis in five questions", EN, kpis=("transfo",), tags=("diagnostic",)
    ),
    Paper(
        "Conseil",
        "Vendre la routine complète",
        kpis=("panier",),
        tags=("routine", "vente additionnelle"),
    ),
    Paper("Conseil", "Répondre à une cliente pressée", kpis=("transfo",), tags=("accueil",)),
    Paper(
        "Conseil",
        "Échantillons : quand et comment les offrir",
        BOTH,
        kpis=("fidelite",),
        tags=("échantillons",),
    ),
    Paper("Conseil", "Argumentaire soins anti-âge", kpis=("ca",), tags=("soin",)),
    Paper(
        "Fidélité",
        "Le programme fidélité expliqué aux clientes",
        kpis=("fidelite",),
        tags=("fidélité",),
        versions=2,
    ),
    Paper("Fidélité", "Loyalty program FAQ", EN, kpis=("fidelite",), tags=("fidélité",)),
    Paper(
        "Fidélité",
        "Relancer les clientes inactives",
        kpis=("fidelite", "tickets"),
        tags=("relance",),
    ),
    Paper(
        "Fidélité",
        "Offres réservées aux boutiques de la région",
        kpis=("ca",),
        tags=("offres",),
        audience="region_points",
    ),
    Paper(
        "Fidélité",
        "Questionnaire satisfaction en boutique",
        kpis=("satisfaction",),
        tags=("enquête",),
    ),
    Paper(
        "Événements",
        "Animation maquillage : déroulé type",
        kpis=("visiteurs",),
        tags=("animation",),
    ),
    Paper(
        "Événements",
        "Planning des animations de la zone",
        kpis=("visiteurs",),
        tags=("animation",),
        audience="zone",
    ),
    Paper("Événements", "Lancement gamme Éclat : kit boutique", kpis=("ca",), tags=("lancement",)),
    Paper("Événements", "Event checklist", EN, tags=("animation",)),
    Paper("Événements", "Calendrier commercial 2027", BOTH, tags=("calendrier",)),
    Paper("Produits", "Fiches produits : gamme solaire", tags=("produit", "solaire")),
    Paper("Produits", "Ingrédients : répondre aux questions", tags=("produit", "ingrédients")),
    Paper("Produits", "Product sheets: skincare", EN, tags=("produit",)),
    Paper("Produits", "Testeurs : hygiène et renouvellement", tags=("testeurs",), pdf=False),
    Paper("Formation", "Parcours d’intégration d’une conseillère", tags=("intégration",)),
    Paper("Formation", "Quiz : connaissance des soins", kpis=("transfo",), tags=("produit",)),
    Paper(
        "Formation", "Encaisser et conseiller en même temps", kpis=("tickets",), tags=("caisse",)
    ),
    Paper("Formation", "Mesurer son panier moyen", kpis=("panier",), tags=("indicateurs",)),
]


def _pdf(title: str, version: int) -> bytes:
    """A small, well-formed PDF whose one page names the document and its version."""
    text = f"{title} - version {version}".encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 50 780 Td (" + text.replace(b"(", b"[").replace(b")", b"]") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    )
    return bytes(out)


def _file(paper: Paper, version: int) -> SimpleUploadedFile:
    slug = "".join(c if c.isalnum() else "-" for c in paper.title.lower())[:40].strip("-")
    if paper.pdf:
        return SimpleUploadedFile(f"{slug}.pdf", _pdf(paper.title, version))
    text = f"{paper.title}\n\nVersion {version}.\n"
    return SimpleUploadedFile(f"{slug}.txt", text.encode())


def library_play(*, tenant: Tenant, cast: Cast, rng: random.Random, now: dt.datetime) -> None:
    head_office, animator = cast.people["siege"], cast.people["animateur"]
    kpis = {kpi.code: kpi for kpi in KpiDefinition.objects.filter(tenant=tenant)}
    region = frozenset({cast.point_of_sale.zone.region_id})
    audiences = {
        "everyone": Audience(),
        "region_points": Audience(regions=region, roles=frozenset(POINT_ROLES)),
        "zone": Audience(),  # the animator's zones
    }
    folders: dict[str, Folder] = {}
    papers = CAR_MAKER if tenant.slug == "autonova" else COSMETICS
    for index, paper in enumerate(papers):
        if paper.folder not in folders:
            folders[paper.folder] = folder_create(
                tenant=tenant, actor=head_office, name=paper.folder, parent=None
            )
        author = animator if paper.audience == "zone" else head_office
        document = document_create(
            tenant=tenant,
            actor=author,
            title=paper.title,
            file=media_check(_file(paper, 1)),
            audience=audiences[paper.audience],
            folder=folders[paper.folder],
            description=f"{paper.title}.",
            language=paper.language,
            kpis=[kpis[code] for code in paper.kpis if code in kpis],
            tags=paper.tags,
        )
        published = now - dt.timedelta(days=rng.uniform(20, 150), hours=index)
        _dated(document, 1, published)
        for number in range(2, paper.versions + 1):
            document_version_add(
                tenant=tenant,
                actor=author,
                document=document,
                file=media_check(_file(paper, number)),
                note="Mise à jour des chiffres et des visuels.",
            )
            published += dt.timedelta(days=rng.uniform(5, 15))
            _dated(document, number, min(published, now))


def _dated(document: Document, number: int, moment: dt.datetime) -> None:
    DocumentVersion.objects.filter(document=document, number=number).update(created_at=moment)
    changed = {"updated_at": moment} if number > 1 else {"created_at": moment, "updated_at": moment}
    Document.objects.filter(pk=document.pk).update(**changed)
