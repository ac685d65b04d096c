FROM python:3.12-slim
# WeasyPrint renders PDF reports with Pango; npm installs Chart.js.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -e . && npm install --omit=dev --no-audit --no-fund \
    && DJANGO_SETTINGS_MODULE=network_animation.settings.production \
       SECRET_KEY=collectstatic-only python manage.py collectstatic --no-input
USER nobody
