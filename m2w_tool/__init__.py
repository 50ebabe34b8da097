"""m2w: reflection on the quality and sustainability of mentoring-to-work initiatives."""

__version__ = "0.1.0"
