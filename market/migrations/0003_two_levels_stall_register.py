# Hand-written (1 July 2025 reform): new columns first, data in 0004, old columns dropped in 0005.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import payments.banks


class Migration(migrations.Migration):

    dependencies = [
        ('market', '0002_alter_commune_options_alter_district_options_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # --- Places: two levels, former names kept as labels ---
        migrations.AddField(
            model_name='province',
            name='code',
            field=models.CharField(blank=True, help_text="The statistics office's code; unit lists are loaded by this code.", max_length=10, null=True, unique=True, verbose_name='official code'),
        ),
        migrations.AddField(
            model_name='province',
            name='former_names',
            field=models.CharField(blank=True, help_text='Provinces merged into this one, e.g. “Tỉnh Thái Nguyên, Tỉnh Bắc Kạn”.', max_length=255, verbose_name='formerly'),
        ),
        migrations.AddField(
            model_name='province',
            name='officials',
            field=models.ManyToManyField(blank=True, help_text='They see every market of the province, read only.', related_name='official_provinces', to=settings.AUTH_USER_MODEL, verbose_name='provincial officials'),
        ),
        migrations.AddField(
            model_name='commune',
            name='province',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='communes', to='market.province', verbose_name='province'),
        ),
        migrations.AddField(
            model_name='commune',
            name='code',
            field=models.CharField(blank=True, max_length=10, null=True, unique=True, verbose_name='official code'),
        ),
        migrations.AddField(
            model_name='commune',
            name='kind',
            field=models.CharField(choices=[('commune', 'Commune'), ('ward', 'Ward'), ('special_zone', 'Special zone')], default='commune', max_length=20, verbose_name='kind'),
        ),
        migrations.AddField(
            model_name='commune',
            name='former_district',
            field=models.CharField(blank=True, help_text='The district it belonged to before 1 July 2025, e.g. “Huyện Đại Từ”.', max_length=150, verbose_name='former district'),
        ),
        migrations.AddField(
            model_name='commune',
            name='former_province',
            field=models.CharField(blank=True, help_text='The province it belonged to before 1 July 2025, if different.', max_length=100, verbose_name='former province'),
        ),
        # --- Markets: community digital team ---
        migrations.AddField(
            model_name='market',
            name='digital_team',
            field=models.ManyToManyField(blank=True, help_text='They register and edit stalls for this market.', related_name='supported_markets', to=settings.AUTH_USER_MODEL, verbose_name='community digital team members'),
        ),
        # --- Stalls: stallholder, bank account, closing date ---
        migrations.AddField(
            model_name='stall',
            name='stallholder_name',
            field=models.CharField(blank=True, help_text='Family name first, as on the ID card: Nguyễn Thị Hoa.', max_length=100, verbose_name="stallholder's name"),
        ),
        migrations.AddField(
            model_name='stall',
            name='stallholder_phone',
            field=models.CharField(blank=True, max_length=20, verbose_name="stallholder's phone"),
        ),
        migrations.AddField(
            model_name='stall',
            name='bank_bin',
            field=models.CharField(blank=True, choices=payments.banks.bank_choices, max_length=6, verbose_name='bank'),
        ),
        migrations.AddField(
            model_name='stall',
            name='account_number',
            field=models.CharField(blank=True, max_length=19, verbose_name='account number'),
        ),
        migrations.AddField(
            model_name='stall',
            name='account_holder',
            field=models.CharField(blank=True, help_text='As the bank prints it: upper case, no accents.', max_length=70, verbose_name='account holder'),
        ),
        migrations.AddField(
            model_name='stall',
            name='virtual_account',
            field=models.CharField(blank=True, help_text="Only for markets with one collection account and a virtual account per stall: the stall's QR then carries this number.", max_length=19, verbose_name='virtual account'),
        ),
        migrations.AddField(
            model_name='stall',
            name='closed_on',
            field=models.DateField(blank=True, null=True, verbose_name='closed on'),
        ),
        migrations.AddField(
            model_name='stall',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now, verbose_name='registered at'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='stall',
            name='updated_at',
            field=models.DateTimeField(auto_now=True, verbose_name='updated at'),
        ),
        # --- QR registry, audit trail, alerts, standee jobs ---
        migrations.CreateModel(
            name='StallQR',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('payload', models.CharField(db_index=True, max_length=512, verbose_name='VietQR payload')),
                ('bank_bin', models.CharField(max_length=6, verbose_name='bank')),
                ('account_number', models.CharField(max_length=19, verbose_name='account number')),
                ('verification_code', models.CharField(max_length=8, unique=True, verbose_name='verification code')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('registered_at', models.DateTimeField(auto_now_add=True, verbose_name='registered at')),
                ('deactivated_at', models.DateTimeField(blank=True, null=True, verbose_name='deactivated at')),
                ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
                ('stall', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='qr_codes', to='market.stall', verbose_name='stall')),
            ],
            options={
                'verbose_name': 'registered stall QR',
                'verbose_name_plural': 'registered stall QRs',
                'ordering': ['-registered_at', '-pk'],
                'indexes': [models.Index(fields=['bank_bin', 'account_number'], name='stallqr_account')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('stall',), name='stallqr_one_active')],
            },
        ),
        migrations.CreateModel(
            name='StallChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='changed by')),
                ('action', models.CharField(choices=[('created', 'Registered'), ('updated', 'Edited'), ('closed', 'Closed'), ('reopened', 'Reopened'), ('imported', 'Imported'), ('qr_registered', 'QR registered')], max_length=20, verbose_name='action')),
                ('changes', models.JSONField(blank=True, default=dict, verbose_name='changes')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('stall', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='market.stall', verbose_name='stall')),
            ],
            options={
                'verbose_name': 'stall change',
                'verbose_name_plural': 'stall changes',
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='QRAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verdict', models.CharField(choices=[('registered', 'Registered to a stall'), ('old_account', "A stall's old, replaced QR"), ('mismatch', "Account differs from the stall's registered one"), ('unregistered', 'Not a registered stall QR'), ('not_vietqr', 'Not a VietQR code')], max_length=20, verbose_name='check result')),
                ('payload', models.CharField(max_length=512, verbose_name='scanned payload')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='reported at')),
                ('market', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='qr_alerts', to='market.market', verbose_name='market')),
                ('reported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by')),
                ('stall', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='qr_alerts', to='market.stall', verbose_name='stall')),
            ],
            options={
                'verbose_name': 'fake-QR alert',
                'verbose_name_plural': 'fake-QR alerts',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='StandeeBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('size', models.CharField(choices=[('A6', 'A6 (105 × 148 mm)'), ('A5', 'A5 (148 × 210 mm)')], max_length=2, verbose_name='page size')),
                ('status', models.CharField(choices=[('pending', 'Waiting'), ('running', 'Building'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='stalls')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='pages done')),
                ('file', models.FileField(blank=True, upload_to='standees/', verbose_name='PDF')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('market', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='standee_batches', to='market.market', verbose_name='market')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'standee batch',
                'verbose_name_plural': 'standee batches',
                'ordering': ['-created_at', '-pk'],
            },
        ),
    ]
