from django.core.management.base import BaseCommand

from decisions.admin.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the admin's groups: editor (corrects letters) and analyst (views)."

    def handle(self, *args, **options):
        for group, count in setup_roles().items():
            self.stdout.write(f"{group}: {count} permissions")
