from django.db import models
from django.utils.translation import gettext_lazy as _

from kostra.reference.groups import size_group, size_label


class MunicipalityManager(models.Manager):
    def get_by_natural_key(self, year, number):
        return self.get(year=year, number=number)


class Municipality(models.Model):
    """One municipality in the register of one year (numbers, populations and centrality change)."""

    year = models.PositiveSmallIntegerField(_("år"))
    number = models.CharField(_("kommunenummer"), max_length=4)
    name = models.CharField(_("navn"), max_length=100)
    county_number = models.CharField(_("fylkesnummer"), max_length=2)
    county_name = models.CharField(_("fylke"), max_length=100)
    population = models.PositiveIntegerField(_("innbyggere"))
    centrality_class = models.PositiveSmallIntegerField(_("sentralitetsklasse"))
    centrality_index = models.PositiveSmallIntegerField(_("sentralitetsindeks"))
    written_form = models.CharField(
        _("målform"),
        max_length=7,
        choices=[("nb", _("bokmål")), ("nn", _("nynorsk")), ("neutral", _("nøytral"))],
        default="neutral",
        help_text=_("Kommunens vedtak om målform (målvedtak). Avgjør språket i skjemaet når brukeren ikke har valgt."),
    )

    objects = MunicipalityManager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="unique_municipality_per_year")]

    def __str__(self):
        return f"{self.number} {self.name}"

    def natural_key(self):
        return (self.year, self.number)

    @property
    def size_group(self) -> int:
        return size_group(self.population)

    @property
    def size_label(self) -> str:
        return size_label(self.population)
