from celery import shared_task


@shared_task(acks_late=True)
def remedies_sweep_task() -> dict:
    from remedies.services import remedies_sweep

    return remedies_sweep()
