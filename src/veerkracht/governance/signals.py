from django.dispatch import Signal

measurements_recorded = Signal()  # sent on commit with challenge_id and indicator_ids
